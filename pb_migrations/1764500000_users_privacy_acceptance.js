/// <reference path="../pb_data/types.d.ts" />

// When a person who signed up accepted the privacy notice. The server sets
// it (internal/signup.AcceptPrivacy, at a self sign-up that says it accepts)
// and nobody changes it through the API afterwards; an account staff made
// on someone's behalf has none until that person accepts.
migrate((app) => {
  const users = app.findCollectionByNameOrId("users")
  users.fields.add(new DateField({ name: "privacy_accepted_at" }))
  users.updateRule = "(" + users.updateRule + ") && @request.body.privacy_accepted_at:isset = false"
  app.save(users)
}, (app) => {
  const users = app.findCollectionByNameOrId("users")
  users.fields.removeByName("privacy_accepted_at")
  users.updateRule = users.updateRule.replace(/^\((.*)\) && @request\.body\.privacy_accepted_at:isset = false$/, "$1")
  app.save(users)
})
