/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-badge.h"
#include "berth-columns.h"
#include "berth-confirm.h"
#include "berth-container-row-actions.h"
#include "berth-containers-page.h"
#include "berth-format.h"
#include "berth-ports-cell.h"
#include "berth-window.h"

/* `docker ps -a`, live: name, image, state, status, ports, created, and
 * the actions of `docker start/stop/restart/pause/unpause/kill/rm`. */

struct _BerthContainersPage
{
  BerthResourcePage  parent_instance;

  GSettings         *settings;
  GtkWidget         *show_stopped_check;
  gboolean           show_stopped;
};

G_DEFINE_FINAL_TYPE (BerthContainersPage, berth_containers_page, BERTH_TYPE_RESOURCE_PAGE)

/* What each verb does, and what to say when it cannot apply. */
typedef struct
{
  const char         *verb;
  BerthOperationKind  kind;
  const char         *nothing;      /* none of the selection applies */
} Verb;

static const Verb verbs[] = {
  { "start", BERTH_OPERATION_CONTAINER_START, N_("The selected containers are already running") },
  { "stop", BERTH_OPERATION_CONTAINER_STOP, N_("None of the selected containers is running") },
  { "restart", BERTH_OPERATION_CONTAINER_RESTART, NULL },
  { "pause", BERTH_OPERATION_CONTAINER_PAUSE, N_("None of the selected containers is running") },
  { "unpause", BERTH_OPERATION_CONTAINER_UNPAUSE, N_("None of the selected containers is paused") },
  { "kill", BERTH_OPERATION_CONTAINER_KILL, N_("None of the selected containers is running") },
  { "remove", BERTH_OPERATION_CONTAINER_REMOVE, NULL },
};

/* "Stopped “web”" for one, "Stopped 3 containers" for several. */
static char *
done_text (BerthOperationKind  kind,
           const char         *name,
           guint               n)
{
  switch (kind)
    {
    case BERTH_OPERATION_CONTAINER_START:
      return name ? g_strdup_printf (_("Started “%s”"), name)
                  : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Started %u container", "Started %u containers", n), n);
    case BERTH_OPERATION_CONTAINER_STOP:
      return name ? g_strdup_printf (_("Stopped “%s”"), name)
                  : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Stopped %u container", "Stopped %u containers", n), n);
    case BERTH_OPERATION_CONTAINER_RESTART:
      return name ? g_strdup_printf (_("Restarted “%s”"), name)
                  : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Restarted %u container", "Restarted %u containers", n), n);
    case BERTH_OPERATION_CONTAINER_PAUSE:
      return name ? g_strdup_printf (_("Paused “%s”"), name)
                  : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Paused %u container", "Paused %u containers", n), n);
    case BERTH_OPERATION_CONTAINER_UNPAUSE:
      return name ? g_strdup_printf (_("Resumed “%s”"), name)
                  : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Resumed %u container", "Resumed %u containers", n), n);
    case BERTH_OPERATION_CONTAINER_KILL:
      return name ? g_strdup_printf (_("Killed “%s”"), name)
                  : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Killed %u container", "Killed %u containers", n), n);
    case BERTH_OPERATION_CONTAINER_REMOVE:
    default:
      return name ? g_strdup_printf (_("Removed “%s”"), name)
                  : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Removed %u container", "Removed %u containers", n), n);
    }
}

static char *
failed_text (BerthOperationKind  kind,
             const char         *name)
{
  switch (kind)
    {
    case BERTH_OPERATION_CONTAINER_START:
      return name ? g_strdup_printf (_("Could Not Start “%s”"), name) : g_strdup (_("Could Not Start Some Containers"));
    case BERTH_OPERATION_CONTAINER_STOP:
      return name ? g_strdup_printf (_("Could Not Stop “%s”"), name) : g_strdup (_("Could Not Stop Some Containers"));
    case BERTH_OPERATION_CONTAINER_RESTART:
      return name ? g_strdup_printf (_("Could Not Restart “%s”"), name) : g_strdup (_("Could Not Restart Some Containers"));
    case BERTH_OPERATION_CONTAINER_PAUSE:
      return name ? g_strdup_printf (_("Could Not Pause “%s”"), name) : g_strdup (_("Could Not Pause Some Containers"));
    case BERTH_OPERATION_CONTAINER_UNPAUSE:
      return name ? g_strdup_printf (_("Could Not Resume “%s”"), name) : g_strdup (_("Could Not Resume Some Containers"));
    case BERTH_OPERATION_CONTAINER_KILL:
      return name ? g_strdup_printf (_("Could Not Kill “%s”"), name) : g_strdup (_("Could Not Kill Some Containers"));
    case BERTH_OPERATION_CONTAINER_REMOVE:
    default:
      return name ? g_strdup_printf (_("Could Not Remove “%s”"), name) : g_strdup (_("Could Not Remove Some Containers"));
    }
}

static gboolean
verb_applies (const Verb     *verb,
              BerthContainer *container)
{
  BerthContainerState state = berth_container_get_state (container);

  switch (verb->kind)
    {
    case BERTH_OPERATION_CONTAINER_START:
      return !berth_container_is_active (container);
    case BERTH_OPERATION_CONTAINER_STOP:
      return berth_container_is_active (container);
    case BERTH_OPERATION_CONTAINER_PAUSE:
    case BERTH_OPERATION_CONTAINER_KILL:
      return state == BERTH_CONTAINER_STATE_RUNNING || state == BERTH_CONTAINER_STATE_RESTARTING;
    case BERTH_OPERATION_CONTAINER_UNPAUSE:
      return state == BERTH_CONTAINER_STATE_PAUSED;
    default:
      return TRUE;
    }
}

static void
run_verb (BerthContainersPage *self,
          const Verb          *verb,
          GPtrArray           *containers,
          gboolean             force,
          gboolean             remove_volumes)
{
  BerthWindow *window = BERTH_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  g_autoptr (GPtrArray) operations = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_operation_free);
  g_autofree char *done = NULL;
  g_autofree char *failed = NULL;
  const char *name = NULL;

  for (guint i = 0; i < containers->len; i++)
    {
      BerthContainer *container = g_ptr_array_index (containers, i);
      BerthOperation *op = berth_operation_new (verb->kind,
                                                berth_resource_get_id (BERTH_RESOURCE (container)),
                                                berth_container_get_name (container));

      op->force = force;
      op->remove_volumes = remove_volumes;
      g_ptr_array_add (operations, op);
    }

  if (containers->len == 1)
    name = berth_container_get_name (g_ptr_array_index (containers, 0));
  done = done_text (verb->kind, name, containers->len);
  failed = failed_text (verb->kind, name);

  berth_window_run_batch (window, operations, done, failed);
}

typedef struct
{
  BerthContainersPage *self;
  GPtrArray           *containers;
  gboolean             force;
} Removal;

static void
removal_free (gpointer data)
{
  Removal *removal = data;

  g_clear_object (&removal->self);
  g_clear_pointer (&removal->containers, g_ptr_array_unref);
  g_free (removal);
}

static void
removal_confirmed (gpointer user_data,
                   gboolean remove_volumes)
{
  Removal *removal = user_data;
  const Verb *remove = &verbs[G_N_ELEMENTS (verbs) - 1];

  run_verb (removal->self, remove, removal->containers, removal->force, remove_volumes);
}

static void
confirm_removal (BerthContainersPage *self,
                 GPtrArray           *containers)
{
  g_autoptr (GStrvBuilder) running_builder = g_strv_builder_new ();
  g_auto (GStrv) running = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *running_text = NULL;
  GString *body = g_string_new (NULL);
  Removal *removal;

  for (guint i = 0; i < containers->len; i++)
    {
      BerthContainer *container = g_ptr_array_index (containers, i);

      if (berth_container_is_active (container))
        g_strv_builder_add (running_builder, berth_container_get_name (container));
    }
  running = g_strv_builder_end (running_builder);

  if (containers->len == 1)
    heading = g_strdup_printf (_("Remove Container “%s”?"),
                               berth_container_get_name (g_ptr_array_index (containers, 0)));
  else
    heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Remove %u Container?", "Remove %u Containers?",
                                            containers->len), containers->len);

  g_string_append (body, _("Files written inside a container are deleted with it; data in volumes is kept unless you remove its anonymous volumes too."));
  if (running[0] != NULL)
    {
      running_text = berth_format_list ((const char * const *) running, 3);
      g_string_append (body, "\n\n");
      g_string_append_printf (body,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%s is running: it will be stopped at once, without a clean shutdown.",
                                           "%s are running: they will be stopped at once, without a clean shutdown.",
                                           g_strv_length (running)),
                              running_text);
    }

  removal = g_new0 (Removal, 1);
  removal->self = g_object_ref (self);
  removal->containers = g_ptr_array_ref (containers);
  removal->force = running[0] != NULL;

  berth_confirm (GTK_WIDGET (self), heading, body->str, _("_Remove"),
                 _("Also remove _anonymous volumes"), removal_confirmed, removal, removal_free);
  g_string_free (body, TRUE);
}

static void
berth_containers_page_act (BerthResourcePage *page,
                           const char        *verb_name,
                           GPtrArray         *items)
{
  BerthContainersPage *self = BERTH_CONTAINERS_PAGE (page);
  g_autoptr (GPtrArray) applicable = g_ptr_array_new_with_free_func (g_object_unref);
  const Verb *verb = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    {
      if (g_str_equal (verbs[i].verb, verb_name))
        verb = &verbs[i];
    }
  g_return_if_fail (verb != NULL);

  for (guint i = 0; i < items->len; i++)
    {
      if (verb_applies (verb, g_ptr_array_index (items, i)))
        g_ptr_array_add (applicable, g_object_ref (g_ptr_array_index (items, i)));
    }

  if (applicable->len == 0)
    {
      berth_inform (GTK_WIDGET (self), _("Nothing to Do"), _(verb->nothing));
      return;
    }

  if (verb->kind == BERTH_OPERATION_CONTAINER_REMOVE)
    confirm_removal (self, applicable);
  else
    run_verb (self, verb, applicable, FALSE, FALSE);
}

static gboolean
berth_containers_page_filter (BerthResourcePage *page,
                              BerthResource     *item)
{
  BerthContainersPage *self = BERTH_CONTAINERS_PAGE (page);

  return self->show_stopped || berth_container_is_active (BERTH_CONTAINER (item));
}

static void
show_stopped_clicked_cb (BerthContainersPage *self)
{
  berth_containers_page_set_show_stopped (self, TRUE);
}

/* Containers exist but none is running and stopped ones are hidden. */
static gboolean
berth_containers_page_update_empty (BerthResourcePage *page,
                                    AdwStatusPage     *status_page)
{
  BerthContainersPage *self = BERTH_CONTAINERS_PAGE (page);
  GListModel *list = G_LIST_MODEL (berth_resource_page_get_list (page));
  g_autofree char *description = NULL;
  GtkWidget *button;
  guint n;

  if (self->show_stopped || list == NULL)
    return FALSE;

  n = g_list_model_get_n_items (list);
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u stopped container is hidden. `docker ps` lists only running containers; `docker ps -a` lists all.",
                                              "%u stopped containers are hidden. `docker ps` lists only running containers; `docker ps -a` lists all.",
                                              n), n);
  button = gtk_button_new_with_mnemonic (_("_Show Stopped Containers"));
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  g_signal_connect_object (button, "clicked", G_CALLBACK (show_stopped_clicked_cb), self, G_CONNECT_SWAPPED);

  adw_status_page_set_icon_name (status_page, "package-x-generic-symbolic");
  adw_status_page_set_title (status_page, _("No Running Containers"));
  adw_status_page_set_description (status_page, description);
  adw_status_page_set_child (status_page, button);
  return TRUE;
}

void
berth_containers_page_set_show_stopped (BerthContainersPage *self,
                                        gboolean             show_stopped)
{
  g_return_if_fail (BERTH_IS_CONTAINERS_PAGE (self));

  show_stopped = !!show_stopped;
  if (self->show_stopped == show_stopped)
    return;

  self->show_stopped = show_stopped;
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->show_stopped_check), show_stopped);
  g_settings_set_boolean (self->settings, "show-stopped-containers", show_stopped);
  berth_resource_page_refilter (BERTH_RESOURCE_PAGE (self));
}

static void
show_stopped_toggled_cb (BerthContainersPage *self)
{
  berth_containers_page_set_show_stopped (self,
                                          gtk_check_button_get_active (GTK_CHECK_BUTTON (self->show_stopped_check)));
}

static char *
format_created (gpointer this,
                gint64   created)
{
  return berth_format_relative_time (created, g_get_real_time () / G_USEC_PER_SEC);
}

static void
add_columns (BerthContainersPage *self)
{
  BerthResourcePage *page = BERTH_RESOURCE_PAGE (self);
  GType type = BERTH_TYPE_CONTAINER;

  berth_resource_page_append_column (page,
    berth_column_new_label (_("Name"), berth_item_property (type, "name"), "name-cell",
                            berth_string_sorter_new (type, "name")), TRUE);
  berth_resource_page_append_column (page,
    berth_column_new_label (_("Image"), berth_item_property (type, "image"), NULL,
                            berth_string_sorter_new (type, "image")), TRUE);
  berth_resource_page_append_column (page,
    berth_column_new_widget (_("State"), berth_item_property (type, "state"),
                             BERTH_TYPE_BADGE, "state",
                             berth_numeric_sorter_new (type, "state")), FALSE);
  berth_resource_page_append_column (page,
    berth_column_new_label (_("Status"), berth_item_property (type, "status"), "dim-label",
                            berth_string_sorter_new (type, "status")), TRUE);
  berth_resource_page_append_column (page,
    berth_column_new_widget (_("Ports"), berth_item_property (type, "ports"),
                             BERTH_TYPE_PORTS_CELL, "ports", NULL), FALSE);
  berth_resource_page_append_column (page,
    berth_column_new_label (_("Created"),
                            berth_item_closure (G_TYPE_STRING, G_CALLBACK (format_created), type, "created"),
                            "dim-label", berth_numeric_sorter_new (type, "created")), FALSE);
  berth_resource_page_append_column (page,
    berth_column_new_widget (NULL, gtk_property_expression_new (GTK_TYPE_LIST_ITEM, NULL, "item"),
                             BERTH_TYPE_CONTAINER_ROW_ACTIONS, "container", NULL), FALSE);

  /* Newest first, as `docker ps` lists them. */
  berth_resource_page_sort_by (page, 5, GTK_SORT_DESCENDING);
}

static void
berth_containers_page_dispose (GObject *object)
{
  BerthContainersPage *self = BERTH_CONTAINERS_PAGE (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (berth_containers_page_parent_class)->dispose (object);
}

static void
berth_containers_page_class_init (BerthContainersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  BerthResourcePageClass *page_class = BERTH_RESOURCE_PAGE_CLASS (klass);

  object_class->dispose = berth_containers_page_dispose;

  page_class->kind = BERTH_RESOURCE_KIND_CONTAINER;
  page_class->filter = berth_containers_page_filter;
  page_class->act = berth_containers_page_act;
  page_class->update_empty = berth_containers_page_update_empty;
}

static void
berth_containers_page_init (BerthContainersPage *self)
{
  BerthResourcePage *page = BERTH_RESOURCE_PAGE (self);

  berth_resource_page_setup (page, _("Containers"), "package-x-generic-symbolic",
                             _("No Containers"),
                             _("A container is a running copy of an image: an app with its own files, network and processes, isolated from the rest of the computer. Start one from a terminal and it appears here at once:"),
                             "docker run -d -p 8080:80 nginx");

  self->settings = g_settings_new (APP_ID);
  self->show_stopped = g_settings_get_boolean (self->settings, "show-stopped-containers");
  self->show_stopped_check = gtk_check_button_new_with_mnemonic (_("Show _stopped containers"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->show_stopped_check), self->show_stopped);
  gtk_widget_set_tooltip_text (self->show_stopped_check, _("Like docker ps -a instead of docker ps"));
  g_signal_connect_object (self->show_stopped_check, "toggled", G_CALLBACK (show_stopped_toggled_cb),
                           self, G_CONNECT_SWAPPED);
  berth_resource_page_add_tool (page, self->show_stopped_check);

  berth_resource_page_add_selection_verb (page, "start", _("_Start"), FALSE);
  berth_resource_page_add_selection_verb (page, "stop", _("S_top"), FALSE);
  berth_resource_page_add_selection_verb (page, "restart", _("_Restart"), FALSE);
  berth_resource_page_add_selection_verb (page, "pause", _("_Pause"), FALSE);
  berth_resource_page_add_selection_verb (page, "unpause", _("_Unpause"), FALSE);
  berth_resource_page_add_selection_verb (page, "kill", _("_Kill"), FALSE);
  berth_resource_page_add_selection_verb (page, "remove", _("Re_move…"), TRUE);

  add_columns (self);
}
