/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-badge.h"
#include "berth-container-overview.h"
#include "berth-container-page.h"
#include "berth-format.h"
#include "berth-container-row-actions.h"
#include "berth-container-tools.h"
#include "berth-engine-error.h"
#include "berth-files-view.h"
#include "berth-inspect-view.h"
#include "berth-logs-view.h"
#include "berth-processes-view.h"
#include "berth-stats-view.h"
#include "berth-terminal-view.h"
#include "berth-window.h"

/* What `docker inspect/logs/exec/stats/top` show about one container, as
 * tabs under a header that stays: name, state, the list's actions and the
 * way back. The page keeps the live BerthContainer of the list (updated in
 * place from /events) and re-reads the container's inspect whenever that
 * object changes, for the tabs that need more than the list has. Actions
 * go through the Containers page, so they ask, run and report exactly as
 * they do from the list. */

/* Events come in bursts (a restart is die, stop, start, restart): one
 * inspect for the burst. */
#define INSPECT_DELAY_MS 150

struct _BerthContainerPage
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkWidget      *header;
  GtkLabel       *name_label;
  BerthBadge     *badge;
  GtkLabel       *status_label;
  BerthContainerRowActions *actions;
  AdwViewSwitcher *switcher;
  GtkRevealer    *gone_revealer;
  GtkLabel       *gone_label;
  AdwViewStack   *view_stack;

  /* Owned */
  BerthStore     *store;
  BerthContainer *container;
  char           *id;
  char           *name;
  JsonNode       *inspect;
  GCancellable   *cancellable;
  GCancellable   *inspect_cancellable;
  guint           inspect_id;
  gboolean        gone;
};

enum {
  PROP_0,
  PROP_GONE,
  N_PROPS
};

enum {
  INSPECTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BerthContainerPage, berth_container_page, GTK_TYPE_WIDGET)

/* Header --------------------------------------------------------------------- */

static void
update_header (BerthContainerPage *self)
{
  const char *name = berth_container_get_name (self->container);
  g_autofree char *status = NULL;

  if (name != NULL && *name != '\0' && g_strcmp0 (name, self->name) != 0)
    {
      g_free (self->name);
      self->name = g_strdup (name);
    }

  gtk_label_set_label (self->name_label, self->name);
  if (self->gone)
    {
      gtk_label_set_label (self->status_label, _("Removed"));
      return;
    }

  berth_badge_set_state (self->badge, berth_container_get_state (self->container));
  status = berth_format_status (berth_container_get_status (self->container));
  gtk_label_set_label (self->status_label, status);
}

static void
set_gone (BerthContainerPage *self)
{
  g_autofree char *text = NULL;

  if (self->gone)
    return;

  self->gone = TRUE;
  g_clear_handle_id (&self->inspect_id, g_source_remove);
  text = g_strdup_printf (_("The container “%s” no longer exists. What its tabs show stays here until you go back."),
                          self->name);
  gtk_label_set_label (self->gone_label, text);
  gtk_revealer_set_reveal_child (self->gone_revealer, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->actions), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->badge), FALSE);
  update_header (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GONE]);
}

/* Inspect -------------------------------------------------------------------- */

static void
inspect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  BerthContainerPage *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;

  root = berth_engine_get_json_finish (BERTH_ENGINE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->inspect_cancellable);
  if (g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND))
    {
      set_gone (self);
      return;
    }
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      /* The engine is away: the window's banner says so, and the list's
       * resync after the reconnection changes the container again. */
      g_debug ("Could not inspect container %s: %s", self->id, error ? error->message : "no object");
      return;
    }

  g_clear_pointer (&self->inspect, json_node_unref);
  self->inspect = g_steal_pointer (&root);
  g_signal_emit (self, signals[INSPECTED], 0, json_node_get_object (self->inspect));
}

/**
 * berth_container_page_refresh_inspect:
 *
 * Reads `GET /containers/{id}/json` again now; "inspected" follows. Tabs
 * call it when a stream of theirs saw the container stop or start, which
 * the list may not have seen yet.
 */
void
berth_container_page_refresh_inspect (BerthContainerPage *self)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (BERTH_IS_CONTAINER_PAGE (self));

  g_clear_handle_id (&self->inspect_id, g_source_remove);
  if (self->gone)
    return;

  /* The newest answer wins: an older one still on its way is dropped. */
  if (self->inspect_cancellable != NULL)
    g_cancellable_cancel (self->inspect_cancellable);
  g_clear_object (&self->inspect_cancellable);
  self->inspect_cancellable = g_cancellable_new ();

  escaped = berth_engine_escape (self->id);
  path = g_strconcat ("/containers/", escaped, "/json", NULL);
  berth_engine_get_json_async (berth_store_get_engine (self->store), path,
                               self->inspect_cancellable, inspect_cb, self);
}

static gboolean
inspect_timeout_cb (gpointer user_data)
{
  BerthContainerPage *self = user_data;

  self->inspect_id = 0;
  berth_container_page_refresh_inspect (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_inspect (BerthContainerPage *self)
{
  if (self->inspect_id == 0 && !self->gone)
    self->inspect_id = g_timeout_add (INSPECT_DELAY_MS, inspect_timeout_cb, self);
}

static void
container_notify_cb (BerthContainerPage *self,
                     GParamSpec         *pspec)
{
  update_header (self);
  schedule_inspect (self);
}

/* Whether the last inspect says the container runs. */
static gboolean
inspect_says_running (BerthContainerPage *self)
{
  JsonObject *inspect = berth_container_page_get_inspect (self);
  JsonNode *state = inspect ? json_object_get_member (inspect, "State") : NULL;
  JsonNode *running = state && JSON_NODE_HOLDS_OBJECT (state)
                        ? json_object_get_member (json_node_get_object (state), "Running") : NULL;

  return running != NULL && JSON_NODE_HOLDS_VALUE (running) &&
         json_node_get_value_type (running) == G_TYPE_BOOLEAN && json_node_get_boolean (running);
}

/* A stop and start quicker than the list's refresh leave the live object
 * "running" throughout, with nothing to notify. When a tab saw the stop
 * (and refreshed the inspect), the two disagree: ask again after each
 * refresh of the list until they agree. */
static void
list_refreshed_cb (BerthContainerPage *self)
{
  if (!self->gone && self->inspect != NULL &&
      inspect_says_running (self) != berth_container_is_active (self->container))
    schedule_inspect (self);
}

/* The list lost our container: removed, or the list is resyncing. The
 * engine settles it. */
static void
list_items_changed_cb (BerthContainerPage *self)
{
  BerthResourceList *list = berth_store_get_list (self->store, BERTH_RESOURCE_KIND_CONTAINER);

  if (!self->gone && berth_resource_list_lookup (list, self->id) == NULL)
    schedule_inspect (self);
}

/* Tabs ----------------------------------------------------------------------- */

/**
 * berth_container_page_add_tab:
 * @name: the tab's id, e.g. "inspect"
 * @title: what the switcher shows, e.g. _("Inspect")
 * @icon_name: a symbolic icon
 * @widget: (transfer floating): the tab's content
 *
 * Appends a tab. See the top of berth-container-page.h for what a tab
 * should do.
 *
 * Returns: (transfer none): the stack page, e.g. to set a badge number
 */
AdwViewStackPage *
berth_container_page_add_tab (BerthContainerPage *self,
                              const char         *name,
                              const char         *title,
                              const char         *icon_name,
                              GtkWidget          *widget)
{
  g_return_val_if_fail (BERTH_IS_CONTAINER_PAGE (self), NULL);
  g_return_val_if_fail (name != NULL && title != NULL, NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  return adw_view_stack_add_titled_with_icon (self->view_stack, widget, name, title, icon_name);
}

/* Returns: (transfer none) (nullable): the tab's widget */
GtkWidget *
berth_container_page_get_tab (BerthContainerPage *self,
                              const char         *name)
{
  g_return_val_if_fail (BERTH_IS_CONTAINER_PAGE (self), NULL);
  return adw_view_stack_get_child_by_name (self->view_stack, name);
}

void
berth_container_page_show_tab (BerthContainerPage *self,
                               const char         *name)
{
  g_return_if_fail (BERTH_IS_CONTAINER_PAGE (self));
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

const char *
berth_container_page_get_visible_tab (BerthContainerPage *self)
{
  g_return_val_if_fail (BERTH_IS_CONTAINER_PAGE (self), NULL);
  return adw_view_stack_get_visible_child_name (self->view_stack);
}

/* Ctrl+F: search the logs. */
void
berth_container_page_search (BerthContainerPage *self)
{
  GtkWidget *logs;

  g_return_if_fail (BERTH_IS_CONTAINER_PAGE (self));

  /* In the Inspect tab, Ctrl+F searches its JSON. */
  if (g_strcmp0 (berth_container_page_get_visible_tab (self), "inspect") == 0)
    {
      berth_inspect_view_start_search (BERTH_INSPECT_VIEW (berth_container_page_get_tab (self, "inspect")));
      return;
    }

  logs = berth_container_page_get_tab (self, "logs");
  if (logs == NULL)
    return;
  berth_container_page_show_tab (self, "logs");
  berth_logs_view_start_search (BERTH_LOGS_VIEW (logs));
}

static void
visible_tab_changed_cb (BerthContainerPage *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  g_debug ("Container %s: tab %s", self->id, name);
}

static void
add_tabs (BerthContainerPage *self)
{
  berth_container_page_add_tab (self, "overview", _("Overview"), "dialog-information-symbolic",
                                berth_container_overview_new (self));
  berth_container_page_add_tab (self, "logs", _("Logs"), "text-x-generic-symbolic",
                                berth_logs_view_new (self));
  berth_container_page_add_tab (self, "terminal", _("Terminal"), "utilities-terminal-symbolic",
                                berth_terminal_view_new (self));
  berth_container_page_add_tab (self, "stats", _("Stats"), "utilities-system-monitor-symbolic",
                                berth_stats_view_new (self));
  berth_container_page_add_tab (self, "processes", _("Processes"), "view-list-symbolic",
                                berth_processes_view_new (self));
  berth_container_page_add_tab (self, "inspect", _("Inspect"), "document-properties-symbolic",
                                berth_inspect_view_new_for_container (self));
  berth_container_page_add_tab (self, "files", _("Files"), "folder-symbolic",
                                berth_files_view_new (self));
  /* Commit, Rename and Export, before the list's actions. */
  gtk_box_insert_child_after (GTK_BOX (self->header), berth_container_tools_new (self),
                              gtk_widget_get_prev_sibling (GTK_WIDGET (self->actions)));
}

/* Actions -------------------------------------------------------------------- */

/**
 * berth_container_page_act:
 * @verb: "start", "stop", "restart", "pause", "unpause", "kill" or "remove"
 *
 * Does what the same verb does in the list of containers: the same
 * confirmation, toast, docker command and history entry.
 */
void
berth_container_page_act (BerthContainerPage *self,
                          const char         *verb)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  GtkRoot *root;

  g_return_if_fail (BERTH_IS_CONTAINER_PAGE (self));

  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (!BERTH_IS_WINDOW (root) || self->gone)
    return;

  g_ptr_array_add (items, g_object_ref (self->container));
  berth_resource_page_act (berth_window_get_page (BERTH_WINDOW (root), BERTH_RESOURCE_KIND_CONTAINER),
                           verb, items);
}

/* "page.act" (verb, id), as BerthContainerRowActions and the overview's
 * buttons ask for it. */
static void
act_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  const char *verb, *id;

  g_variant_get (parameter, "(&s&s)", &verb, &id);
  berth_container_page_act (BERTH_CONTAINER_PAGE (widget), verb);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  gtk_widget_activate_action (widget, "win.show-page", "s", "containers");
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  berth_container_page_search (BERTH_CONTAINER_PAGE (widget));
}

/* The command history and toasts, from any widget in the window. */
void
berth_container_page_log_command (GtkWidget  *widget,
                                  const char *command,
                                  const char *description)
{
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  root = gtk_widget_get_root (widget);
  if (BERTH_IS_WINDOW (root) && command != NULL)
    berth_command_log_add (berth_window_get_command_log (BERTH_WINDOW (root)), command, description, FALSE);
}

void
berth_container_page_toast_command (GtkWidget  *widget,
                                    const char *message,
                                    const char *command)
{
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  root = gtk_widget_get_root (widget);
  if (!BERTH_IS_WINDOW (root))
    return;
  if (command != NULL)
    berth_command_log_add (berth_window_get_command_log (BERTH_WINDOW (root)), command, message, FALSE);
  berth_window_toast_command (BERTH_WINDOW (root), message, command ? command : "");
}

/* Getters -------------------------------------------------------------------- */

BerthStore *
berth_container_page_get_store (BerthContainerPage *self)
{
  g_return_val_if_fail (BERTH_IS_CONTAINER_PAGE (self), NULL);
  return self->store;
}

BerthEngine *
berth_container_page_get_engine (BerthContainerPage *self)
{
  g_return_val_if_fail (BERTH_IS_CONTAINER_PAGE (self), NULL);
  return berth_store_get_engine (self->store);
}

BerthContainer *
berth_container_page_get_container (BerthContainerPage *self)
{
  g_return_val_if_fail (BERTH_IS_CONTAINER_PAGE (self), NULL);
  return self->container;
}

const char *
berth_container_page_get_container_id (BerthContainerPage *self)
{
  g_return_val_if_fail (BERTH_IS_CONTAINER_PAGE (self), NULL);
  return self->id;
}

/* The name docker commands use for it ("web"), kept after removal. */
const char *
berth_container_page_get_name (BerthContainerPage *self)
{
  g_return_val_if_fail (BERTH_IS_CONTAINER_PAGE (self), NULL);
  return self->name;
}

/**
 * berth_container_page_get_inspect:
 *
 * Returns: (nullable) (transfer none): the latest inspect answer
 */
JsonObject *
berth_container_page_get_inspect (BerthContainerPage *self)
{
  g_return_val_if_fail (BERTH_IS_CONTAINER_PAGE (self), NULL);
  return self->inspect ? json_node_get_object (self->inspect) : NULL;
}

gboolean
berth_container_page_get_gone (BerthContainerPage *self)
{
  g_return_val_if_fail (BERTH_IS_CONTAINER_PAGE (self), FALSE);
  return self->gone;
}

/* GObject -------------------------------------------------------------------- */

static void
berth_container_page_dispose (GObject *object)
{
  BerthContainerPage *self = BERTH_CONTAINER_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->inspect_cancellable != NULL)
    g_cancellable_cancel (self->inspect_cancellable);
  g_clear_handle_id (&self->inspect_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), BERTH_TYPE_CONTAINER_PAGE);
  /* Children without an id in the template are ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  if (self->container != NULL)
    g_signal_handlers_disconnect_by_data (self->container, self);
  g_clear_object (&self->container);
  g_clear_object (&self->store);
  g_clear_object (&self->inspect_cancellable);

  G_OBJECT_CLASS (berth_container_page_parent_class)->dispose (object);
}

static void
berth_container_page_finalize (GObject *object)
{
  BerthContainerPage *self = BERTH_CONTAINER_PAGE (object);

  g_free (self->id);
  g_free (self->name);
  g_clear_pointer (&self->inspect, json_node_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (berth_container_page_parent_class)->finalize (object);
}

static void
berth_container_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BerthContainerPage *self = BERTH_CONTAINER_PAGE (object);

  switch (prop_id)
    {
    case PROP_GONE:
      g_value_set_boolean (value, self->gone);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_container_page_class_init (BerthContainerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_container_page_dispose;
  object_class->finalize = berth_container_page_finalize;
  object_class->get_property = berth_container_page_get_property;

  properties[PROP_GONE] =
    g_param_spec_boolean ("gone", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BerthContainerPage::inspected:
   * @inspect: the container's `GET /containers/{id}/json` answer
   */
  signals[INSPECTED] =
    g_signal_new ("inspected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  JSON_TYPE_OBJECT | G_SIGNAL_TYPE_STATIC_SCOPE);

  g_type_ensure (BERTH_TYPE_BADGE);
  g_type_ensure (BERTH_TYPE_CONTAINER_ROW_ACTIONS);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/berthapp/Berth/ui/berth-container-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BerthContainerPage, header);
  gtk_widget_class_bind_template_child (widget_class, BerthContainerPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, BerthContainerPage, badge);
  gtk_widget_class_bind_template_child (widget_class, BerthContainerPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, BerthContainerPage, actions);
  gtk_widget_class_bind_template_child (widget_class, BerthContainerPage, switcher);
  gtk_widget_class_bind_template_child (widget_class, BerthContainerPage, gone_revealer);
  gtk_widget_class_bind_template_child (widget_class, BerthContainerPage, gone_label);
  gtk_widget_class_bind_template_child (widget_class, BerthContainerPage, view_stack);
  gtk_widget_class_bind_template_callback (widget_class, visible_tab_changed_cb);

  gtk_widget_class_install_action (widget_class, "page.act", "(ss)", act_action);
  gtk_widget_class_install_action (widget_class, "container.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "container.search", NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "container.back", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "containerpage");
}

static void
berth_container_page_init (BerthContainerPage *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  self->cancellable = g_cancellable_new ();
}

/**
 * berth_container_page_new:
 * @container: a container of @store's list
 *
 * Returns: (transfer floating): the page, showing the Overview
 */
BerthContainerPage *
berth_container_page_new (BerthStore     *store,
                          BerthContainer *container)
{
  BerthContainerPage *self;

  g_return_val_if_fail (BERTH_IS_STORE (store), NULL);
  g_return_val_if_fail (BERTH_IS_CONTAINER (container), NULL);

  self = g_object_new (BERTH_TYPE_CONTAINER_PAGE, NULL);
  self->store = g_object_ref (store);
  self->container = g_object_ref (container);
  self->id = g_strdup (berth_resource_get_id (BERTH_RESOURCE (container)));
  self->name = g_strdup (berth_container_get_name (container));

  berth_container_row_actions_set_container (self->actions, container);
  g_signal_connect_object (container, "notify", G_CALLBACK (container_notify_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (berth_store_get_list (store, BERTH_RESOURCE_KIND_CONTAINER), "items-changed",
                           G_CALLBACK (list_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (berth_store_get_list (store, BERTH_RESOURCE_KIND_CONTAINER), "refreshed",
                           G_CALLBACK (list_refreshed_cb), self, G_CONNECT_SWAPPED);
  update_header (self);

  add_tabs (self);
  berth_container_page_refresh_inspect (self);
  return self;
}
