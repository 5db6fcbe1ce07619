package news

// Role is what a staff member may do in the newsroom.
type Role string

// Staff roles, from most to least trusted.
const (
	RoleAdministrator Role = "administrator" // everything, including users and settings
	RoleEditor        Role = "editor"        // all content, publishing, sections and menus
	RoleAuthor        Role = "author"        // writes and publishes their own articles
	RoleContributor   Role = "contributor"   // writes drafts and submits them for review
)

// Roles lists every role, most trusted first.
var Roles = []Role{RoleAdministrator, RoleEditor, RoleAuthor, RoleContributor}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, known := range Roles {
		if r == known {
			return true
		}
	}
	return false
}
