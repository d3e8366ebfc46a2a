package files

import (
	"io"
	"path"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// MustRegister binds:
//   - hubCleanFiles: on every save of every collection, after the field's own
//     checks (type, size) have passed, each new file is re-encoded (CleanRecord);
//   - hubPrivateFileCache: a file fetched with a file token (a protected file
//     of a record the public cannot see) is marked private, so no shared cache
//     keeps it; public files keep PocketBase's 30-day cache.
func MustRegister(app core.App) {
	app.OnRecordValidate().Bind(&hook.Handler[*core.RecordEvent]{
		Id: "hubCleanFiles",
		Func: func(e *core.RecordEvent) error {
			// PocketBase's validation (inside Next) checks type and size on
			// the original first, so nothing larger than the field allows is
			// ever decoded.
			if err := e.Next(); err != nil {
				return err
			}
			return CleanRecord(e.Record)
		},
	})
	app.OnFileDownloadRequest().Bind(&hook.Handler[*core.FileDownloadRequestEvent]{
		Id: "hubPrivateFileCache",
		Func: func(e *core.FileDownloadRequestEvent) error {
			if e.Request.URL.Query().Get("token") != "" {
				e.Response.Header().Set("Cache-Control", "private, max-age=3600")
			}
			return e.Next()
		},
	})
}

// cleanReader marks a file this package has re-encoded, so a record
// validated twice is not re-encoded twice.
type cleanReader struct{ filesystem.BytesReader }

// CleanRecord re-encodes, in place, every new file of every file field of
// record with Reencode, keeping each field's size limit and naming the file
// with its new format's extension.
func CleanRecord(record *core.Record) error {
	errs := validation.Errors{}
	for _, field := range record.Collection().Fields {
		fileField, ok := field.(*core.FileField)
		if !ok {
			continue
		}
		for _, file := range record.GetUnsavedFiles(fileField.Name) {
			if err := cleanFile(file, fileField); err != nil {
				errs[fileField.Name] = err
				break
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

func cleanFile(file *filesystem.File, field *core.FileField) error {
	if _, done := file.Reader.(*cleanReader); done {
		return nil
	}
	limit := field.MaxSize
	if limit <= 0 {
		limit = core.DefaultFileFieldMaxSize
	}
	original, err := readAll(file)
	if err != nil {
		return err
	}
	clean, err := Reencode(original, limit)
	if err != nil {
		return err
	}
	if int64(len(clean.Data)) > limit {
		return validation.NewError("validation_file_size_limit", "Failed to upload {{.file}} - the maximum allowed file size is {{.maxSize}} bytes.").
			SetParams(map[string]any{"file": file.OriginalName, "maxSize": limit})
	}
	file.Reader = &cleanReader{filesystem.BytesReader{Bytes: clean.Data}}
	file.Size = int64(len(clean.Data))
	file.Name = strings.TrimSuffix(file.Name, path.Ext(file.Name)) + clean.Ext
	return nil
}

func readAll(file *filesystem.File) ([]byte, error) {
	r, err := file.Reader.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}
