/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-engine-enums.h"
#include "berth-shell.h"
#include "berth-stats-view.h"
#include "berth-stats.h"

/* `docker stats NAME`: the numbers of the last sample and graphs of the
 * last minutes. The stream runs only while the tab is on screen (mapped:
 * shown, in an open window) and stops as soon as it is not; the graphs
 * keep what they had, so coming back shows the gap honestly. */

#define CPU_COLOR      "#3584e4"
#define MEMORY_COLOR   "#9141ac"
#define RX_COLOR       "#2ec27e"
#define TX_COLOR       "#e66100"

struct _BerthStatsView
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkStack           *stack;
  AdwStatusPage      *status_page;
  GtkButton          *status_button;
  GtkLabel           *cpu_value;
  GtkLabel           *cpu_detail;
  GtkLabel           *memory_value;
  GtkLabel           *memory_detail;
  GtkLabel           *network_value;
  GtkLabel           *network_detail;
  GtkLabel           *block_value;
  GtkLabel           *block_detail;
  GtkLabel           *pids_value;
  GtkLabel           *pids_detail;
  GtkWidget          *cpu_graph_box;
  GtkWidget          *memory_graph_box;
  GtkWidget          *network_graph_box;
  GtkLabel           *state_label;
  GtkLabel           *command_label;
  GtkWidget          *command_copy;

  /* Borrowed */
  BerthContainerPage *page;

  /* Owned */
  BerthStatsStream   *stream;
  BerthStats         *previous;
  BerthGraph         *cpu_graph;
  BerthGraph         *memory_graph;
  BerthGraph         *network_graph;
  char               *command;
  char               *error;
  guint               n_samples;
  gboolean            logged;
  gboolean            stopped;     /* the stream said so; the list may lag */
};

G_DEFINE_FINAL_TYPE (BerthStatsView, berth_stats_view, GTK_TYPE_WIDGET)

static void update_view (BerthStatsView *self);

static gboolean
container_running (BerthStatsView *self)
{
  return !self->stopped && !berth_container_page_get_gone (self->page) &&
         berth_container_get_state (berth_container_page_get_container (self->page)) == BERTH_CONTAINER_STATE_RUNNING;
}

/* A sample ------------------------------------------------------------------- */

static void
set_pair (GtkLabel *label,
          guint64   a,
          guint64   b)
{
  g_autofree char *first = g_format_size (a);
  g_autofree char *second = g_format_size (b);
  g_autofree char *text = g_strdup_printf ("%s / %s", first, second);

  gtk_label_set_label (label, text);
}

static void
show_numbers (BerthStatsView   *self,
              const BerthStats *stats)
{
  g_autofree char *cpu = berth_graph_format_value (BERTH_GRAPH_FORMAT_PERCENT, stats->cpu_percent);
  g_autofree char *cpus = NULL;
  g_autofree char *memory = g_format_size (stats->memory_usage);
  g_autofree char *limit = g_format_size (stats->memory_limit);
  g_autofree char *percent = berth_graph_format_value (BERTH_GRAPH_FORMAT_PERCENT, stats->memory_percent);
  g_autofree char *memory_detail = NULL;
  g_autofree char *pids = g_strdup_printf ("%" G_GUINT64_FORMAT, stats->pids);

  gtk_label_set_label (self->cpu_value, cpu);
  cpus = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "of %u CPU", "of %u CPUs", stats->online_cpus),
                          stats->online_cpus);
  gtk_label_set_label (self->cpu_detail, cpus);

  gtk_label_set_label (self->memory_value, memory);
  /* Translators: memory limit and the percentage of it used, e.g. "of 7.8 GB (1.2 %)" */
  memory_detail = g_strdup_printf (_("of %s (%s)"), limit, percent);
  gtk_label_set_label (self->memory_detail, memory_detail);

  set_pair (self->network_value, stats->network_rx, stats->network_tx);
  gtk_label_set_label (self->network_detail, _("received / sent"));
  set_pair (self->block_value, stats->block_read, stats->block_write);
  gtk_label_set_label (self->block_detail, _("read / written"));
  gtk_label_set_label (self->pids_value, pids);
  gtk_label_set_label (self->pids_detail, _("processes and threads"));
}

static void
add_points (BerthStatsView   *self,
            const BerthStats *stats)
{
  gint64 time = stats->read_time;

  berth_graph_add_point (self->cpu_graph, 0, time, stats->cpu_percent);
  berth_graph_add_point (self->memory_graph, 0, time, stats->memory_usage);

  /* Rates need two samples of the same run of the stream. */
  if (self->previous != NULL && time > self->previous->read_time &&
      stats->network_rx >= self->previous->network_rx && stats->network_tx >= self->previous->network_tx)
    {
      double seconds = (double) (time - self->previous->read_time) / G_USEC_PER_SEC;

      berth_graph_add_point (self->network_graph, 0, time, (stats->network_rx - self->previous->network_rx) / seconds);
      berth_graph_add_point (self->network_graph, 1, time, (stats->network_tx - self->previous->network_tx) / seconds);
    }
}

static void
sample_cb (BerthStatsView   *self,
           const BerthStats *stats)
{
  g_autofree char *text = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%H:%M:%S");

  self->n_samples++;
  show_numbers (self, stats);
  add_points (self, stats);
  g_clear_pointer (&self->previous, berth_stats_free);
  self->previous = berth_stats_copy (stats);

  /* Translators: %s is a time of day */
  text = g_strdup_printf (_("Live: a sample about every second · last at %s"), time);
  gtk_label_set_label (self->state_label, text);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "stats") != 0)
    gtk_stack_set_visible_child_name (self->stack, "stats");
}

/* The stream ------------------------------------------------------------------ */

static void
stop_stream (BerthStatsView *self)
{
  if (self->stream == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->stream, self);
  berth_stats_stream_stop (self->stream);
  g_clear_object (&self->stream);
  g_clear_pointer (&self->previous, berth_stats_free);
}

static void
ended_cb (BerthStatsView *self,
          BerthStreamEnd  reason,
          const GError   *error)
{
  stop_stream (self);
  g_clear_pointer (&self->error, g_free);
  if (reason == BERTH_STREAM_END_CONTAINER_STOPPED)
    {
      self->stopped = TRUE;
      berth_container_page_refresh_inspect (self->page);
    }
  if (reason == BERTH_STREAM_END_FAILED)
    self->error = g_strdup (error ? error->message : _("unknown error"));
  update_view (self);
}

static void
start_stream (BerthStatsView *self)
{
  if (self->stream != NULL || !container_running (self))
    return;

  g_clear_pointer (&self->error, g_free);
  self->stream = berth_stats_stream_new (berth_container_page_get_engine (self->page),
                                         berth_container_page_get_container_id (self->page));
  g_signal_connect_object (self->stream, "sample", G_CALLBACK (sample_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stream, "ended", G_CALLBACK (ended_cb), self, G_CONNECT_SWAPPED);
  berth_stats_stream_start (self->stream);
  gtk_label_set_label (self->state_label, _("Waiting for the first sample…"));

  if (!self->logged)
    {
      self->logged = TRUE;
      berth_container_page_log_command (GTK_WIDGET (self), self->command, _("Watched the container’s resource use"));
    }
}

static void
update_view (BerthStatsView *self)
{
  gboolean running = container_running (self);

  gtk_widget_set_visible (GTK_WIDGET (self->status_button), FALSE);
  if (berth_container_page_get_gone (self->page))
    {
      adw_status_page_set_title (self->status_page, _("The Container No Longer Exists"));
      adw_status_page_set_description (self->status_page, _("It was removed, so it uses nothing any more."));
      gtk_stack_set_visible_child_name (self->stack, "message");
    }
  else if (!running)
    {
      adw_status_page_set_title (self->status_page, _("The Container Is Not Running"));
      adw_status_page_set_description (self->status_page,
                                       _("Statistics show what a running container uses: processor, memory, network and disk. Start it to see them here."));
      gtk_button_set_label (self->status_button, _("_Start the Container"));
      gtk_widget_set_visible (GTK_WIDGET (self->status_button), TRUE);
      gtk_stack_set_visible_child_name (self->stack, "message");
    }
  else if (self->error != NULL)
    {
      adw_status_page_set_title (self->status_page, _("Could Not Read Statistics"));
      adw_status_page_set_description (self->status_page, self->error);
      gtk_button_set_label (self->status_button, _("_Try Again"));
      gtk_widget_set_visible (GTK_WIDGET (self->status_button), TRUE);
      gtk_stack_set_visible_child_name (self->stack, "message");
    }
  else if (self->n_samples > 0)
    gtk_stack_set_visible_child_name (self->stack, "stats");
  else
    {
      adw_status_page_set_title (self->status_page, _("Reading Statistics…"));
      adw_status_page_set_description (self->status_page, _("The engine sends a sample about every second."));
      gtk_stack_set_visible_child_name (self->stack, "message");
    }

  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && running && self->error == NULL)
    start_stream (self);
  else if (!running)
    stop_stream (self);
}

static void
status_button_clicked_cb (BerthStatsView *self)
{
  if (!container_running (self))
    berth_container_page_act (self->page, "start");
  else
    {
      g_clear_pointer (&self->error, g_free);
      update_view (self);
    }
}

/* Any change of the live container may be its start: the list can miss a
 * quick stop and start, but not the new status. */
static void
container_changed_cb (BerthStatsView *self)
{
  self->stopped = FALSE;
  update_view (self);
}

static void
inspected_cb (BerthStatsView *self,
              JsonObject     *inspect)
{
  JsonNode *state = json_object_get_member (inspect, "State");
  JsonNode *running = state && JSON_NODE_HOLDS_OBJECT (state)
                        ? json_object_get_member (json_node_get_object (state), "Running") : NULL;

  if (self->stopped && running && JSON_NODE_HOLDS_VALUE (running) &&
      json_node_get_value_type (running) == G_TYPE_BOOLEAN && json_node_get_boolean (running))
    container_changed_cb (self);
}

/* The engine came back after a failure: try again by itself. */
static void
store_state_cb (BerthStatsView *self)
{
  BerthStore *store = berth_container_page_get_store (self->page);

  if (self->error != NULL && berth_store_get_state (store) == BERTH_STORE_STATE_CONNECTED)
    {
      g_clear_pointer (&self->error, g_free);
      update_view (self);
    }
}

/* Public --------------------------------------------------------------------- */

guint
berth_stats_view_get_n_samples (BerthStatsView *self)
{
  g_return_val_if_fail (BERTH_IS_STATS_VIEW (self), 0);
  return self->n_samples;
}

gboolean
berth_stats_view_get_streaming (BerthStatsView *self)
{
  g_return_val_if_fail (BERTH_IS_STATS_VIEW (self), FALSE);
  return self->stream != NULL;
}

/**
 * berth_stats_view_get_graph:
 * @name: "cpu", "memory" or "network"
 */
BerthGraph *
berth_stats_view_get_graph (BerthStatsView *self,
                            const char     *name)
{
  g_return_val_if_fail (BERTH_IS_STATS_VIEW (self), NULL);

  if (g_strcmp0 (name, "cpu") == 0)
    return self->cpu_graph;
  if (g_strcmp0 (name, "memory") == 0)
    return self->memory_graph;
  if (g_strcmp0 (name, "network") == 0)
    return self->network_graph;
  return NULL;
}

/* @name: "cpu", "memory", "network", "block" or "pids": the number shown. */
const char *
berth_stats_view_get_value (BerthStatsView *self,
                            const char     *name)
{
  GtkLabel *labels[] = { self->cpu_value, self->memory_value, self->network_value,
                         self->block_value, self->pids_value };
  const char *names[] = { "cpu", "memory", "network", "block", "pids" };

  g_return_val_if_fail (BERTH_IS_STATS_VIEW (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (name, names[i]) == 0)
      return gtk_label_get_label (labels[i]);
  return NULL;
}

/* GObject -------------------------------------------------------------------- */

static void
berth_stats_view_map (GtkWidget *widget)
{
  BerthStatsView *self = BERTH_STATS_VIEW (widget);

  GTK_WIDGET_CLASS (berth_stats_view_parent_class)->map (widget);
  update_view (self);
}

static void
berth_stats_view_unmap (GtkWidget *widget)
{
  BerthStatsView *self = BERTH_STATS_VIEW (widget);

  stop_stream (self);
  gtk_label_set_label (self->state_label, _("Paused while the tab is hidden"));
  GTK_WIDGET_CLASS (berth_stats_view_parent_class)->unmap (widget);
}

static void
berth_stats_view_dispose (GObject *object)
{
  BerthStatsView *self = BERTH_STATS_VIEW (object);
  GtkWidget *child;

  stop_stream (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BERTH_TYPE_STATS_VIEW);
  /* Children without an id in the template are ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (berth_stats_view_parent_class)->dispose (object);
}

static void
berth_stats_view_finalize (GObject *object)
{
  BerthStatsView *self = BERTH_STATS_VIEW (object);

  g_free (self->command);
  g_free (self->error);

  G_OBJECT_CLASS (berth_stats_view_parent_class)->finalize (object);
}

static void
berth_stats_view_class_init (BerthStatsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_stats_view_dispose;
  object_class->finalize = berth_stats_view_finalize;
  widget_class->map = berth_stats_view_map;
  widget_class->unmap = berth_stats_view_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/berthapp/Berth/ui/berth-stats-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BerthStatsView, stack);
  gtk_widget_class_bind_template_child (widget_class, BerthStatsView, status_page);
  gtk_widget_class_bind_template_child (widget_class, BerthStatsView, status_button);
  gtk_widget_class_bind_template_child (widget_class, BerthStatsView, cpu_value);
  gtk_widget_class_bind_template_child (widget_class, BerthStatsView, cpu_detail);
  gtk_widget_class_bind_template_child (widget_class, BerthStatsView, memory_value);
  gtk_widget_class_bind_template_child (widget_class, BerthStatsView, memory_detail);
  gtk_widget_class_bind_template_child (widget_class, BerthStatsView, network_value);
  gtk_widget_class_bind_template_child (widget_class, BerthStatsView, network_detail);
  gtk_widget_class_bind_template_child (widget_class, BerthStatsView, block_value);
  gtk_widget_class_bind_template_child (widget_class, BerthStatsView, block_detail);
  gtk_widget_class_bind_template_child (widget_class, BerthStatsView, pids_value);
  gtk_widget_class_bind_template_child (widget_class, BerthStatsView, pids_detail);
  gtk_widget_class_bind_template_child (widget_class, BerthStatsView, cpu_graph_box);
  gtk_widget_class_bind_template_child (widget_class, BerthStatsView, memory_graph_box);
  gtk_widget_class_bind_template_child (widget_class, BerthStatsView, network_graph_box);
  gtk_widget_class_bind_template_child (widget_class, BerthStatsView, state_label);
  gtk_widget_class_bind_template_child (widget_class, BerthStatsView, command_label);
  gtk_widget_class_bind_template_child (widget_class, BerthStatsView, command_copy);
  gtk_widget_class_bind_template_callback (widget_class, status_button_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static BerthGraph *
add_graph (GtkWidget        *box,
           BerthGraphFormat  format,
           const char       *accessible_label)
{
  GtkWidget *graph = berth_graph_new (format);

  gtk_widget_set_vexpand (graph, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (graph), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
  gtk_box_append (GTK_BOX (box), graph);
  return BERTH_GRAPH (graph);
}

static void
berth_stats_view_init (BerthStatsView *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);

  self->cpu_graph = add_graph (self->cpu_graph_box, BERTH_GRAPH_FORMAT_PERCENT, _("CPU use over the last minutes"));
  berth_graph_add_series (self->cpu_graph, _("CPU"), CPU_COLOR);
  berth_graph_set_minimum_top (self->cpu_graph, 10);
  self->memory_graph = add_graph (self->memory_graph_box, BERTH_GRAPH_FORMAT_BYTES, _("Memory use over the last minutes"));
  berth_graph_add_series (self->memory_graph, _("Memory"), MEMORY_COLOR);
  berth_graph_set_minimum_top (self->memory_graph, 1000 * 1000);
  self->network_graph = add_graph (self->network_graph_box, BERTH_GRAPH_FORMAT_BYTES_PER_SECOND,
                                   _("Network traffic over the last minutes"));
  berth_graph_add_series (self->network_graph, _("Received"), RX_COLOR);
  berth_graph_add_series (self->network_graph, _("Sent"), TX_COLOR);
  berth_graph_set_minimum_top (self->network_graph, 1000);
}

GtkWidget *
berth_stats_view_new (BerthContainerPage *page)
{
  BerthStatsView *self;
  g_autofree char *quoted = NULL;

  g_return_val_if_fail (BERTH_IS_CONTAINER_PAGE (page), NULL);

  self = g_object_new (BERTH_TYPE_STATS_VIEW, NULL);
  self->page = page;
  quoted = berth_shell_quote (berth_container_page_get_name (page));
  self->command = g_strdup_printf ("docker stats %s", quoted);
  gtk_label_set_label (self->command_label, self->command);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->command_copy), "s", self->command);

  g_signal_connect_object (berth_container_page_get_container (page), "notify",
                           G_CALLBACK (container_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::gone", G_CALLBACK (update_view), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "inspected", G_CALLBACK (inspected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (berth_container_page_get_store (page), "notify::state",
                           G_CALLBACK (store_state_cb), self, G_CONNECT_SWAPPED);
  update_view (self);
  return GTK_WIDGET (self);
}
