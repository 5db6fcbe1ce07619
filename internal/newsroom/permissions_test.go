package newsroom

import (
	"strings"
	"testing"

	"github.com/mastheadhq/masthead/internal/news"
)

// matrix is the capability matrix as the product specifies it, one row per
// action and one column per role: "A" allowed on anyone's content, "O"
// only on one's own, "-" refused.
const matrix = `
action                 administrator editor author contributor
article.write          A             A      A      A
article.edit           A             A      O      O
article.submit         A             A      O      O
article.publish        A             A      O      -
article.delete         A             A      O      O
article.edit-published A             A      O      -
media.upload           A             A      A      A
media.edit             A             A      O      O
tag.create             A             A      A      A
tag.manage             A             A      -      -
category.manage        A             A      -      -
page.manage            A             A      -      -
menu.manage            A             A      -      -
banner.manage          A             A      -      -
author.manage          A             A      -      -
author.edit-own        A             A      A      A
settings.manage        A             -      -      -
user.manage            A             -      -      -
apikey.manage          A             -      -      -
webhook.manage         A             -      -      -
audit.view             A             -      -      -
subscriber.view        A             A      -      -
subscriber.export      A             -      -      -
dashboard.view         A             A      A      A
article.preview        A             A      O      O
wire.read              A             A      A      A
wire.manage            A             A      -      -
`

func TestCapabilityMatrix(t *testing.T) {
	lines := strings.Split(strings.TrimSpace(matrix), "\n")
	header := strings.Fields(lines[0])[1:]
	covered := map[Action]bool{}
	for _, line := range lines[1:] {
		f := strings.Fields(line)
		action := Action(f[0])
		covered[action] = true
		for i, cell := range f[1:] {
			role := news.Role(header[i])
			wantOwn, wantAny := cell != "-", cell == "A"
			if got := Allowed(role, action, true); got != wantOwn {
				t.Errorf("%s %s own content: allowed %v, want %v", role, action, got, wantOwn)
			}
			if got := Allowed(role, action, false); got != wantAny {
				t.Errorf("%s %s anyone's content: allowed %v, want %v", role, action, got, wantAny)
			}
		}
	}
	for _, a := range Actions {
		if !covered[a] {
			t.Errorf("action %s is missing from the specified matrix", a)
		}
	}
	if len(covered) != len(Actions) {
		t.Errorf("matrix has %d actions, the code %d", len(covered), len(Actions))
	}
}

func TestUnknownRolesAndActionsAreRefused(t *testing.T) {
	if Allowed("owner", WriteArticle, true) || Allowed("", ViewDashboard, true) {
		t.Error("an unknown role was allowed")
	}
	if Allowed(news.RoleAdministrator, "article.launch-missiles", true) {
		t.Error("an unknown action was allowed")
	}
	for _, r := range news.Roles {
		if !r.Valid() {
			t.Errorf("%s not valid", r)
		}
	}
	if news.Role("owner").Valid() {
		t.Error("unknown role valid")
	}
}
