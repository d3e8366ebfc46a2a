package mutations

import (
	"encoding/json"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/cremona/hug/internal/announcements"
)

// Staff's announcements, posted and withdrawn from the phone or the desk,
// offline too: announcements.Post and Withdraw, as the records API's hooks.
func init() {
	Register("post_announcement", postAnnouncement)
	Register("withdraw_announcement", withdrawAnnouncement)
}

// PostAnnouncementArgs: the announcement's id (made on the phone), its
// group ("" or left out: everyone), title and text (multilingual, Italian
// required) and whether it is urgent.
type PostAnnouncementArgs struct {
	Announcement string          `json:"announcement"`
	Group        string          `json:"group"`
	Title        json.RawMessage `json:"title"`
	Body         json.RawMessage `json:"body"`
	Urgent       bool            `json:"urgent"`
}

func (a *PostAnnouncementArgs) Validate() error { return checkRecordID("announcement", a.Announcement) }

func postAnnouncement(c *Call, a *PostAnnouncementArgs) (Result, error) {
	collection, err := c.App.FindCachedCollectionByNameOrId(announcements.Collection)
	if err != nil {
		return Result{}, err
	}
	if _, err := c.App.FindRecordById(collection, a.Announcement); err == nil {
		return Result{}, badArgs("announcement") // an id already taken
	}
	r := core.NewRecord(collection)
	r.Id = a.Announcement
	body := map[string]any{"group": a.Group, "urgent": a.Urgent}
	for name, raw := range map[string]json.RawMessage{"title": a.Title, "body": a.Body} {
		var v any
		_ = json.Unmarshal(raw, &v)
		body[name] = v
		r.Set(name, types.JSONRaw(raw))
	}
	r.Set("group", a.Group)
	r.Set("urgent", a.Urgent)
	if err := c.AllowCreate(r, body); err != nil {
		return Result{}, err
	}
	if err := announcements.Post(c.App, c.Auth, r, func() error { return c.Save(r) }); err != nil {
		return Result{}, err
	}
	return Result{Record: r}, nil
}

// WithdrawAnnouncementArgs names the announcement to take off the feeds.
type WithdrawAnnouncementArgs struct {
	Announcement string `json:"announcement"`
}

func (a *WithdrawAnnouncementArgs) Validate() error {
	return checkRecordID("announcement", a.Announcement)
}

func withdrawAnnouncement(c *Call, a *WithdrawAnnouncementArgs) (Result, error) {
	r, err := c.Find(announcements.Collection, a.Announcement)
	if err != nil {
		return Result{}, err
	}
	if err := c.AllowUpdate(r, map[string]any{"status": "withdrawn"}); err != nil {
		return Result{}, err
	}
	r.Set("status", "withdrawn")
	if err := announcements.Withdraw(c.App, c.Auth, r, func() error { return c.Save(r) }); err != nil {
		return Result{}, err
	}
	return Result{Record: r}, nil
}
