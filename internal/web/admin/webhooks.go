package admin

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/web"
	"github.com/mastheadhq/masthead/internal/webhooks"
)

// webhookRoutes registers where administrators register webhooks, read
// their delivery logs and send a delivery again.
func (a *Admin) webhookRoutes(mux *web.Mux) {
	mux.Handle("POST /admin/integrations/webhooks", a.signedIn(a.permitted(newsroom.ManageWebhooks, a.createWebhook)))
	mux.Handle("GET /admin/integrations/webhooks/{id}", a.signedIn(a.permitted(newsroom.ManageWebhooks, a.webhookLog)))
	mux.Handle("POST /admin/integrations/webhooks/{id}/delete", a.signedIn(a.permitted(newsroom.ManageWebhooks, a.deleteWebhook)))
	mux.Handle("POST /admin/integrations/deliveries/{id}/resend", a.signedIn(a.permitted(newsroom.ManageWebhooks, a.resendDelivery)))
}

// webhookForm is the new-webhook form as filled in.
type webhookForm struct {
	URL    string
	Events map[string]bool
}

// eventChoice is one event's checkbox.
type eventChoice struct {
	Name    string
	ID      string // for the label
	Checked bool
}

func (f webhookForm) choices() []eventChoice {
	out := make([]eventChoice, len(news.WebhookEvents))
	for i, e := range news.WebhookEvents {
		out[i] = eventChoice{Name: e, ID: "event-" + strings.ReplaceAll(e, ".", "-"), Checked: f.Events[e]}
	}
	return out
}

// webhookRow is a webhook in the list.
type webhookRow struct {
	news.Webhook
	EventList string
}

func (a *Admin) webhookRows(r *http.Request) ([]webhookRow, error) {
	hooks, err := a.store.AllWebhooks(r.Context())
	if err != nil {
		return nil, err
	}
	rows := make([]webhookRow, len(hooks))
	for i, w := range hooks {
		rows[i] = webhookRow{Webhook: w, EventList: strings.Join(w.Events, ", ")}
	}
	return rows, nil
}

func (a *Admin) createWebhook(w http.ResponseWriter, r *http.Request) error {
	form := webhookForm{URL: strings.TrimSpace(r.PostFormValue("url")), Events: map[string]bool{}}
	var events []string
	for _, e := range r.PostForm["events"] {
		if slices.Contains(news.WebhookEvents, e) && !form.Events[e] {
			form.Events[e] = true
			events = append(events, e)
		}
	}
	var problems []string
	if err := webhooks.CheckURL(form.URL, a.webhooksAllowPrivate, webhooks.LookupIP); err != nil {
		problems = append(problems, "The address cannot be used: "+err.Error()+".")
	}
	if len(events) == 0 {
		problems = append(problems, "Choose at least one event to send.")
	}
	if len(problems) > 0 {
		return a.renderIntegrationsWith(w, r, http.StatusUnprocessableEntity, integrationsPage{HookForm: form, HookProblems: problems})
	}
	hook := news.Webhook{URL: form.URL, Events: events, Secret: webhooks.NewSecret(), CreatedAt: a.now()}
	err := a.store.Atomic(r.Context(), func(tx store.Store) error {
		if err := tx.CreateWebhook(r.Context(), &hook); err != nil {
			return err
		}
		return a.auditIn(tx, r, "webhook.create", "webhook", hook.ID, hook.URL, strings.Join(events, ", "))
	})
	if err != nil {
		return err
	}
	redirectDone(w, r, "/admin/integrations/webhooks/"+strconv.FormatInt(hook.ID, 10), "created")
	return nil
}

type webhookPage struct {
	base
	Hook       webhookRow
	Deliveries []deliveryRow
	Header     string
}

type deliveryRow struct {
	news.Delivery
	Created, LastAttempt, NextAttempt string
}

// deliveryLogSize is how many deliveries a webhook's page lists.
const deliveryLogSize = 100

func (a *Admin) webhook(r *http.Request) (news.Webhook, error) {
	id, err := manageID(r)
	if err != nil {
		return news.Webhook{}, err
	}
	hooks, err := a.store.AllWebhooks(r.Context())
	if err != nil {
		return news.Webhook{}, err
	}
	for _, w := range hooks {
		if w.ID == id {
			return w, nil
		}
	}
	return news.Webhook{}, fmt.Errorf("webhook %d: %w", id, news.ErrNotFound)
}

func (a *Admin) webhookLog(w http.ResponseWriter, r *http.Request) error {
	hook, err := a.webhook(r)
	if err != nil {
		return err
	}
	list, err := a.store.Deliveries(r.Context(), hook.ID, deliveryLogSize)
	if err != nil {
		return err
	}
	loc := a.publicationZone(r)
	when := func(t interface{ IsZero() bool }, s string) string {
		if t.IsZero() {
			return "—"
		}
		return s
	}
	page := webhookPage{base: a.page(r, "Webhook"), Hook: webhookRow{Webhook: hook, EventList: strings.Join(hook.Events, ", ")},
		Header: webhooks.SignatureHeader}
	for _, d := range list {
		page.Deliveries = append(page.Deliveries, deliveryRow{Delivery: d,
			Created:     d.CreatedAt.In(loc).Format("2 Jan 15:04:05"),
			LastAttempt: when(d.LastAttemptAt, d.LastAttemptAt.In(loc).Format("2 Jan 15:04:05")),
			NextAttempt: when(d.NextAttemptAt, d.NextAttemptAt.In(loc).Format("2 Jan 15:04:05"))})
	}
	return a.render(w, http.StatusOK, "webhook.html", page)
}

func (a *Admin) deleteWebhook(w http.ResponseWriter, r *http.Request) error {
	hook, err := a.webhook(r)
	if err != nil {
		return err
	}
	err = a.store.Atomic(r.Context(), func(tx store.Store) error {
		if err := tx.DeleteWebhook(r.Context(), hook.ID); err != nil {
			return err
		}
		return a.auditIn(tx, r, "webhook.delete", "webhook", hook.ID, hook.URL, "")
	})
	if err != nil {
		return err
	}
	redirectDone(w, r, "/admin/integrations/", "deleted")
	return nil
}

// resendDelivery queues a delivery again, whatever became of it, with a
// fresh day of retries.
func (a *Admin) resendDelivery(w http.ResponseWriter, r *http.Request) error {
	id, err := manageID(r)
	if err != nil {
		return err
	}
	var d news.Delivery
	err = a.store.Atomic(r.Context(), func(tx store.Store) error {
		if d, err = tx.Delivery(r.Context(), id); err != nil {
			return err
		}
		if err := tx.ResendDelivery(r.Context(), id, a.now()); err != nil {
			return err
		}
		return a.auditIn(tx, r, "webhook.resend", "delivery", id, d.Event, "")
	})
	if err != nil {
		return err
	}
	redirectDone(w, r, "/admin/integrations/webhooks/"+strconv.FormatInt(d.WebhookID, 10), "resent")
	return nil
}
