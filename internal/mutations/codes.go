package mutations

// The codes of the endpoint's own refusals: message ids of locales/, so
// internal/i18n localizes them.
const (
	// CodeBatchMalformed: the body is not {"mutations": [...]} (400).
	CodeBatchMalformed = "mutations_malformed"
	// CodeBatchTooLarge: more than MaxBatch mutations (413, none applied).
	CodeBatchTooLarge = "mutations_batch_too_large"
	// CodeMalformed: a mutation that is not {id, name, args}.
	CodeMalformed = "mutation_malformed"
	// CodeBadID: a mutation id that is not a UUID.
	CodeBadID = "mutation_bad_id"
	// CodeUnknown: a name this hub does not know (an app newer than it).
	CodeUnknown = "mutation_unknown"
	// CodeBadArgs: arguments missing, unknown or of the wrong type.
	CodeBadArgs = "mutation_bad_args"
	// CodeBadRecordID: an id made on the phone not in PocketBase's format.
	CodeBadRecordID = "mutation_bad_record_id"
	// CodeIDReused: the id of a stored mutation sent with other name or
	// arguments.
	CodeIDReused = "mutation_id_reused"
)

// MaxBatch is how many mutations one request may carry.
const MaxBatch = 100
