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
#include "berth-row-slots.h"
#include "berth-stats.h"
#include "berth-window.h"

/* `docker ps -a`, live: name, image, state, status, ports, created, and
 * the actions of `docker start/stop/restart/pause/unpause/kill/rm`. */

struct _BerthContainersPage
{
  BerthResourcePage  parent_instance;

  GSettings         *settings;
  GtkWidget         *show_stopped_check;
  gboolean           show_stopped;

  /* The optional CPU and memory columns */
  GtkColumnViewColumn *usage_columns[2];
  GtkWidget         *usage_checks[2];
  GHashTable        *usage;             /* id -> BerthStats */
  GHashTable        *usage_labels;      /* the bound cells' labels */
  GQueue             usage_queue;       /* of ids to ask about */
  GCancellable      *usage_cancellable;
  guint              usage_in_flight;
  guint              usage_timer;
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

static GPtrArray *
verb_operations (const Verb *verb,
                 GPtrArray  *containers,
                 gboolean    force)
{
  GPtrArray *operations = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_operation_free);

  for (guint i = 0; i < containers->len; i++)
    {
      BerthContainer *container = g_ptr_array_index (containers, i);
      BerthOperation *op = berth_operation_new (verb->kind,
                                                berth_resource_get_id (BERTH_RESOURCE (container)),
                                                berth_container_get_name (container));

      op->force = force;
      g_ptr_array_add (operations, op);
    }

  return operations;
}

/* The name of the only container, or NULL for several. */
static const char *
only_name (GPtrArray *containers)
{
  return containers->len == 1 ? berth_container_get_name (g_ptr_array_index (containers, 0)) : NULL;
}

static void
run_verb (BerthContainersPage *self,
          const Verb          *verb,
          GPtrArray           *containers)
{
  BerthWindow *window = BERTH_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  g_autoptr (GPtrArray) operations = verb_operations (verb, containers, FALSE);
  g_autofree char *done = done_text (verb->kind, only_name (containers), containers->len);
  g_autofree char *failed = failed_text (verb->kind, only_name (containers));

  berth_window_run_batch (window, operations, done, failed);
}

static void
confirm_removal (BerthContainersPage *self,
                 GPtrArray           *containers)
{
  g_autoptr (GStrvBuilder) running_builder = g_strv_builder_new ();
  g_autoptr (GPtrArray) operations = NULL;
  g_auto (GStrv) running = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *running_text = NULL;
  g_autofree char *done = NULL;
  g_autofree char *failed = NULL;
  GString *body = g_string_new (NULL);
  const Verb *remove = &verbs[G_N_ELEMENTS (verbs) - 1];

  for (guint i = 0; i < containers->len; i++)
    {
      BerthContainer *container = g_ptr_array_index (containers, i);

      if (berth_container_is_active (container))
        g_strv_builder_add (running_builder, berth_container_get_name (container));
    }
  running = g_strv_builder_end (running_builder);

  if (containers->len == 1)
    heading = g_strdup_printf (_("Remove Container “%s”?"), only_name (containers));
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

  /* Running ones need force (docker rm -f); the check box adds -v. */
  operations = verb_operations (remove, containers, running[0] != NULL);
  done = done_text (remove->kind, only_name (containers), containers->len);
  failed = failed_text (remove->kind, only_name (containers));
  berth_resource_page_confirm_run (BERTH_RESOURCE_PAGE (self), heading, body->str, _("_Remove"),
                                   _("Also remove _anonymous volumes"), operations, done, failed);
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
    run_verb (self, verb, applicable);
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
format_status (gpointer    this,
               const char *status)
{
  return berth_format_status (status);
}

static char *
format_created (gpointer this,
                gint64   created)
{
  return berth_format_relative_time (created, g_get_real_time () / G_USEC_PER_SEC);
}

/* CPU and memory columns ----------------------------------------------------
 *
 * `docker stats --no-stream` for the rows on screen: one one-shot request
 * per running container whose row is bound (about the visible rows), a
 * few at a time, again every USAGE_SECONDS while the page is shown and a
 * column is on. Never a stream per row. CPU % is measured between two
 * refreshes (the first asks the engine to measure for a second). */

#define USAGE_SECONDS    10
#define USAGE_PARALLEL   4

static const char * const usage_names[] = { "cpu", "memory" };

static char *
usage_text (BerthContainersPage *self,
            const char          *id,
            guint                kind)
{
  BerthResourceList *list = berth_resource_page_get_list (BERTH_RESOURCE_PAGE (self));
  BerthResource *container = list && id ? berth_resource_list_lookup (list, id) : NULL;
  BerthStats *stats = id ? g_hash_table_lookup (self->usage, id) : NULL;

  if (container == NULL || berth_container_get_state (BERTH_CONTAINER (container)) != BERTH_CONTAINER_STATE_RUNNING)
    return g_strdup ("");
  if (stats == NULL)
    return g_strdup ("…");
  if (kind == 1)
    return g_format_size (stats->memory_usage);
  /* Translators: CPU use in the list of containers */
  return g_strdup_printf (_("%.1f %%"), stats->cpu_percent);
}

static void
update_usage_labels (BerthContainersPage *self,
                     const char          *id)
{
  GHashTableIter iter;
  gpointer label;

  g_hash_table_iter_init (&iter, self->usage_labels);
  while (g_hash_table_iter_next (&iter, &label, NULL))
    {
      const char *bound = g_object_get_data (label, "container-id");
      g_autofree char *text = NULL;

      if (id != NULL && g_strcmp0 (bound, id) != 0)
        continue;
      text = usage_text (self, bound, GPOINTER_TO_UINT (g_object_get_data (label, "usage-kind")));
      gtk_label_set_label (label, text);
    }
}

static void usage_next (BerthContainersPage *self);

typedef struct
{
  BerthContainersPage *self;
  char                *id;
} UsageRequest;

static void
usage_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  UsageRequest *request = user_data;
  g_autoptr (BerthContainersPage) self = request->self;
  g_autofree char *id = request->id;
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthStats) stats = NULL;

  g_free (request);
  stats = berth_stats_get_finish (BERTH_ENGINE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->usage_in_flight--;
  if (stats != NULL && stats->read_time > 0)
    {
      g_hash_table_replace (self->usage, g_strdup (id), g_steal_pointer (&stats));
      update_usage_labels (self, id);
    }
  usage_next (self);
}

static void
usage_next (BerthContainersPage *self)
{
  BerthStore *store = berth_resource_page_get_store (BERTH_RESOURCE_PAGE (self));

  while (store != NULL && self->usage_in_flight < USAGE_PARALLEL && !g_queue_is_empty (&self->usage_queue))
    {
      UsageRequest *request = g_new0 (UsageRequest, 1);
      BerthStats *previous;

      request->self = g_object_ref (self);
      request->id = g_queue_pop_head (&self->usage_queue);
      previous = g_hash_table_lookup (self->usage, request->id);
      self->usage_in_flight++;
      berth_stats_get_async (berth_store_get_engine (store), request->id, previous != NULL, previous,
                             self->usage_cancellable, usage_cb, request);
    }
}

static gboolean
usage_timeout_cb (gpointer user_data)
{
  BerthContainersPage *self = user_data;
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  BerthResourceList *list = berth_resource_page_get_list (BERTH_RESOURCE_PAGE (self));
  GHashTableIter iter;
  gpointer label;

  /* The last round is still out: skip this one rather than pile up. */
  if (self->usage_labels == NULL || self->usage_in_flight > 0 || list == NULL)
    return G_SOURCE_CONTINUE;

  g_hash_table_iter_init (&iter, self->usage_labels);
  while (g_hash_table_iter_next (&iter, &label, NULL))
    {
      const char *id = g_object_get_data (label, "container-id");
      BerthResource *container = id ? berth_resource_list_lookup (list, id) : NULL;

      if (container != NULL && berth_container_get_state (BERTH_CONTAINER (container)) == BERTH_CONTAINER_STATE_RUNNING &&
          !g_hash_table_contains (ids, id))
        {
          g_hash_table_add (ids, (gpointer) id);
          g_queue_push_tail (&self->usage_queue, g_strdup (id));
        }
    }
  usage_next (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
usage_first_cb (gpointer user_data)
{
  usage_timeout_cb (user_data);
  return G_SOURCE_REMOVE;
}

/* Asking only while the page is on screen and a column is shown. */
static void
update_usage_timer (BerthContainersPage *self)
{
  gboolean wanted = gtk_widget_get_mapped (GTK_WIDGET (self)) &&
                    (gtk_column_view_column_get_visible (self->usage_columns[0]) ||
                     gtk_column_view_column_get_visible (self->usage_columns[1]));

  if (wanted && self->usage_timer == 0)
    {
      self->usage_timer = g_timeout_add_seconds (USAGE_SECONDS, usage_timeout_cb, self);
      /* The first round once the rows are bound. */
      g_idle_add_full (G_PRIORITY_LOW, usage_first_cb, g_object_ref (self), g_object_unref);
    }
  else if (!wanted)
    {
      g_clear_handle_id (&self->usage_timer, g_source_remove);
      g_queue_clear_full (&self->usage_queue, g_free);
    }
}

static void
usage_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  kind)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  g_object_set_data (G_OBJECT (label), "usage-kind", kind);
  gtk_list_item_set_child (item, label);
}

/* A row's slot shows another container when the list changes under it. */
static void
usage_show_slot (BerthContainersPage *self,
                 GtkWidget           *label,
                 BerthRowSlot        *slot)
{
  BerthResource *container = berth_row_slot_get_item (slot);
  g_autofree char *text = NULL;

  g_object_set_data_full (G_OBJECT (label), "container-id", g_strdup (berth_resource_get_id (container)), g_free);
  text = usage_text (self, berth_resource_get_id (container), GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (label), "usage-kind")));
  gtk_label_set_label (GTK_LABEL (label), text);
}

static void
usage_slot_changed_cb (BerthRowSlot *slot,
                       GParamSpec   *pspec,
                       GtkWidget    *label)
{
  BerthContainersPage *self = g_object_get_data (G_OBJECT (label), "usage-page");

  if (self != NULL)
    usage_show_slot (self, label, slot);
}

static void
usage_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               BerthContainersPage      *self)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  BerthRowSlot *slot = gtk_list_item_get_item (item);

  g_object_set_data (G_OBJECT (label), "usage-page", self);
  g_signal_connect_object (slot, "notify::item", G_CALLBACK (usage_slot_changed_cb), label, 0);
  g_hash_table_add (self->usage_labels, label);
  usage_show_slot (self, label, slot);
}

static void
usage_unbind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 BerthContainersPage      *self)
{
  GtkWidget *label = gtk_list_item_get_child (item);

  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), usage_slot_changed_cb, label);
  g_object_set_data (G_OBJECT (label), "usage-page", NULL);
  g_hash_table_remove (self->usage_labels, label);
}

static void
usage_check_toggled_cb (BerthContainersPage *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) columns = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (usage_names); i++)
    {
      gboolean active = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->usage_checks[i]));

      gtk_column_view_column_set_visible (self->usage_columns[i], active);
      if (active)
        g_strv_builder_add (builder, usage_names[i]);
    }
  columns = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "container-columns", (const char * const *) columns);
  update_usage_labels (self, NULL);
  update_usage_timer (self);
}

static void
add_usage_columns (BerthContainersPage *self)
{
  const char *titles[] = { N_("CPU"), N_("Memory") };
  g_auto (GStrv) shown = g_settings_get_strv (self->settings, "container-columns");

  for (guint i = 0; i < G_N_ELEMENTS (usage_names); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

      g_signal_connect (factory, "setup", G_CALLBACK (usage_setup_cb), GUINT_TO_POINTER (i));
      g_signal_connect_object (factory, "bind", G_CALLBACK (usage_bind_cb), self, 0);
      g_signal_connect_object (factory, "unbind", G_CALLBACK (usage_unbind_cb), self, 0);
      self->usage_columns[i] = gtk_column_view_column_new (_(titles[i]), factory);
      gtk_column_view_column_set_visible (self->usage_columns[i],
                                          g_strv_contains ((const char * const *) shown, usage_names[i]));
      berth_resource_page_append_column (BERTH_RESOURCE_PAGE (self), g_object_ref (self->usage_columns[i]), FALSE);
    }
}

/* The menu that shows and hides the optional columns. */
static void
add_usage_tool (BerthContainersPage *self)
{
  const char *labels[] = { N_("_CPU use"), N_("_Memory use") };
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *caption = gtk_label_new (_("Columns for running containers, from docker stats --no-stream, updated every 10 seconds"));

  gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (caption), 28);
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_widget_add_css_class (caption, "caption");
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      self->usage_checks[i] = gtk_check_button_new_with_mnemonic (_(labels[i]));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (self->usage_checks[i]),
                                   gtk_column_view_column_get_visible (self->usage_columns[i]));
      g_signal_connect_object (self->usage_checks[i], "toggled", G_CALLBACK (usage_check_toggled_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (box), self->usage_checks[i]);
    }
  gtk_box_append (GTK_BOX (box), caption);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-horizontal-symbolic");
  gtk_widget_set_tooltip_text (button, _("Columns"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Columns"), -1);
  berth_resource_page_add_tool (BERTH_RESOURCE_PAGE (self), button);
}

/* Enter or a double click on a row opens the container's page. */
static void
row_activated_cb (BerthContainersPage *self,
                  guint                position)
{
  g_autoptr (BerthResource) item = berth_resource_page_get_item (BERTH_RESOURCE_PAGE (self), position);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (item != NULL && BERTH_IS_WINDOW (root))
    berth_window_open_container (BERTH_WINDOW (root), berth_resource_get_id (item));
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
    berth_column_new_label (_("Status"),
                            berth_item_closure (G_TYPE_STRING, G_CALLBACK (format_status), type, "status"),
                            "dim-label",
                            berth_string_sorter_new (type, "status")), TRUE);
  berth_resource_page_append_column (page,
    berth_column_new_widget (_("Ports"), berth_item_property (type, "ports"),
                             BERTH_TYPE_PORTS_CELL, "ports", NULL), FALSE);
  berth_resource_page_append_column (page,
    berth_column_new_label (_("Created"),
                            berth_item_closure (G_TYPE_STRING, G_CALLBACK (format_created), type, "created"),
                            "dim-label", berth_numeric_sorter_new (type, "created")), FALSE);
  add_usage_columns (self);
  berth_resource_page_append_column (page,
    berth_column_new_widget (NULL, berth_row_slot_expression (),
                             BERTH_TYPE_CONTAINER_ROW_ACTIONS, "container", NULL), FALSE);

  /* Newest first, as `docker ps` lists them. */
  berth_resource_page_sort_by (page, 5, GTK_SORT_DESCENDING);
}

static void
berth_containers_page_dispose (GObject *object)
{
  BerthContainersPage *self = BERTH_CONTAINERS_PAGE (object);

  if (self->usage_cancellable != NULL)
    g_cancellable_cancel (self->usage_cancellable);
  g_clear_object (&self->usage_cancellable);
  g_clear_handle_id (&self->usage_timer, g_source_remove);
  g_queue_clear_full (&self->usage_queue, g_free);
  g_clear_pointer (&self->usage, g_hash_table_unref);
  g_clear_pointer (&self->usage_labels, g_hash_table_unref);
  g_clear_object (&self->usage_columns[0]);
  g_clear_object (&self->usage_columns[1]);
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
  page_class->title = N_("Containers");
  page_class->icon_name = "package-x-generic-symbolic";
  page_class->filter = berth_containers_page_filter;
  page_class->act = berth_containers_page_act;
  page_class->update_empty = berth_containers_page_update_empty;
}

static void
berth_containers_page_init (BerthContainersPage *self)
{
  BerthResourcePage *page = BERTH_RESOURCE_PAGE (self);
  GtkWidget *run;

  berth_resource_page_setup (page, _("No Containers"),
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

  run = gtk_button_new_with_mnemonic (_("_Run…"));
  gtk_widget_set_tooltip_text (run, _("Run a new container from an image (docker run)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (run), "win.run");
  berth_resource_page_add_tool (page, run);

  berth_resource_page_add_selection_verb (page, "start", _("_Start"), FALSE);
  berth_resource_page_add_selection_verb (page, "stop", _("S_top"), FALSE);
  berth_resource_page_add_selection_verb (page, "restart", _("_Restart"), FALSE);
  berth_resource_page_add_selection_verb (page, "pause", _("_Pause"), FALSE);
  berth_resource_page_add_selection_verb (page, "unpause", _("_Unpause"), FALSE);
  berth_resource_page_add_selection_verb (page, "kill", _("_Kill"), FALSE);
  berth_resource_page_add_selection_verb (page, "remove", _("Re_move…"), TRUE);

  self->usage = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) berth_stats_free);
  self->usage_labels = g_hash_table_new (NULL, NULL);
  self->usage_cancellable = g_cancellable_new ();
  add_columns (self);
  add_usage_tool (self);
  g_signal_connect (self, "map", G_CALLBACK (update_usage_timer), NULL);
  g_signal_connect (self, "unmap", G_CALLBACK (update_usage_timer), NULL);
  g_signal_connect_object (berth_resource_page_get_column_view (page), "activate",
                           G_CALLBACK (row_activated_cb), self, G_CONNECT_SWAPPED);
}
