package vocab

// ReportReasons are why a person may report an activity as inappropriate
// (internal/reports), in the order the form shows them; each is the
// message "report_reason_<id>" of locales/.
var ReportReasons = []string{"offensive", "misleading", "unsafe", "commercial", "spam", "other"}
