/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-engine-error.h"
#include "berth-pull-progress.h"

/* A pull or push as people watch it: what is moving, one row per layer
 * (waiting, downloading x of y with a bar, extracting, done), the whole of
 * it as one bar, and a Stop button. The registry's own words when it
 * refuses. Used by Run (an image that is not here yet), Pull… and Push…. */

typedef enum
{
  STATE_IDLE,
  STATE_RUNNING,
  STATE_DONE,
  STATE_FAILED,
  STATE_STOPPED,
} State;

struct _BerthPullProgress
{
  GtkWidget               parent_instance;

  /* Template widgets */
  GtkLabel               *title_label;
  GtkWidget              *stop_button;
  GtkProgressBar         *overall_bar;
  GtkLabel               *summary_label;
  GtkLabel               *error_label;
  GtkLabel               *hint_label;
  GtkListBox             *layer_list;

  /* Owned */
  GtkSizeGroup           *status_sizes;   /* the layers' bars line up */
  BerthProgress          *progress;
  GCancellable           *run_cancellable;
  char                   *reference;
  char                   *title;
  char                   *error;
  BerthImageTransferKind  kind;
  State                   state;
  gboolean                disposed;
};

G_DEFINE_FINAL_TYPE (BerthPullProgress, berth_pull_progress, GTK_TYPE_WIDGET)

typedef struct
{
  GCancellable       *outer;
  gulong              cancel_id;
  BerthEngine        *engine;
  BerthImageTransfer *transfer;
  BerthProgress      *progress;
} RunData;

static void
run_data_free (RunData *data)
{
  if (data->outer != NULL)
    g_cancellable_disconnect (data->outer, data->cancel_id);
  g_clear_object (&data->outer);
  g_clear_object (&data->engine);
  g_clear_object (&data->progress);
  g_clear_pointer (&data->transfer, berth_image_transfer_free);
  g_free (data);
}

/* Layers --------------------------------------------------------------------- */

static gboolean
already_here (BerthProgressLayer *layer)
{
  const char *status = berth_progress_layer_get_status (layer);

  return status != NULL && (g_str_has_prefix (status, "Already exists") ||
                            g_str_has_prefix (status, "Layer already exists"));
}

static char *
layer_text (BerthPullProgress  *self,
            BerthProgressLayer *layer)
{
  gboolean push = self->kind == BERTH_IMAGE_TRANSFER_PUSH;
  g_autofree char *current = g_format_size (berth_progress_layer_get_current (layer));
  g_autofree char *all = g_format_size (berth_progress_layer_get_total (layer));
  guint64 total = berth_progress_layer_get_total (layer);

  switch (berth_progress_layer_get_phase (layer))
    {
    case BERTH_PROGRESS_PHASE_WAITING:
      return g_strdup (_("Waiting"));
    case BERTH_PROGRESS_PHASE_TRANSFERRING:
      if (total == 0)
        return g_strdup (push ? _("Uploading") : _("Downloading"));
      /* Translators: bytes of one layer, e.g. "Downloading 1.2 MB of 3.4 MB" */
      return push ? g_strdup_printf (_("Uploading %s of %s"), current, all)
                  : g_strdup_printf (_("Downloading %s of %s"), current, all);
    case BERTH_PROGRESS_PHASE_VERIFYING:
      return g_strdup (_("Verifying"));
    case BERTH_PROGRESS_PHASE_EXTRACTING:
      if (total == 0)
        return g_strdup (_("Extracting"));
      /* Translators: bytes of one layer, e.g. "Extracting 1.2 MB of 3.4 MB" */
      return g_strdup_printf (_("Extracting %s of %s"), current, all);
    case BERTH_PROGRESS_PHASE_DONE:
    default:
      /* Translators: a layer that did not need to move, it was there already */
      return g_strdup (already_here (layer) ? _("Already here") : _("Done"));
    }
}

static void
update_layer_row (GtkWidget          *row,
                  GParamSpec         *pspec,
                  BerthProgressLayer *layer)
{
  BerthPullProgress *self = g_object_get_data (G_OBJECT (row), "progress-widget");
  GtkLabel *status = g_object_get_data (G_OBJECT (row), "status");
  GtkProgressBar *bar = g_object_get_data (G_OBJECT (row), "bar");
  g_autofree char *text = NULL;
  gboolean done = berth_progress_layer_get_done (layer);

  if (self == NULL || self->disposed)
    return;

  text = layer_text (self, layer);
  gtk_label_set_label (status, text);
  gtk_progress_bar_set_fraction (bar, done ? 1.0 : berth_progress_layer_get_fraction (layer));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

static GtkWidget *
create_layer_row (gpointer item,
                  gpointer user_data)
{
  BerthPullProgress *self = user_data;
  BerthProgressLayer *layer = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *id = gtk_label_new (berth_progress_layer_get_id (layer));
  GtkWidget *bar = gtk_progress_bar_new ();
  GtkWidget *status = gtk_label_new (NULL);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_add_css_class (id, "monospace");
  gtk_widget_add_css_class (id, "dim-label");
  gtk_widget_set_hexpand (bar, TRUE);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (status), 1);
  gtk_label_set_width_chars (GTK_LABEL (status), 20);
  gtk_widget_add_css_class (status, "numeric");
  gtk_size_group_add_widget (self->status_sizes, status);
  gtk_box_append (GTK_BOX (box), id);
  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), status);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  berth_progress_layer_get_id (layer), -1);

  g_object_set_data (G_OBJECT (row), "progress-widget", self);
  g_object_set_data (G_OBJECT (row), "status", status);
  g_object_set_data (G_OBJECT (row), "bar", bar);
  g_signal_connect_object (layer, "notify", G_CALLBACK (update_layer_row), row, G_CONNECT_SWAPPED);
  update_layer_row (row, NULL, layer);
  return row;
}

/* The whole ------------------------------------------------------------------ */

static char *
state_title (BerthPullProgress *self)
{
  gboolean push = self->kind == BERTH_IMAGE_TRANSFER_PUSH;
  const char *image = self->reference ? self->reference : "";

  switch (self->state)
    {
    case STATE_DONE:
      return push ? g_strdup_printf (_("Uploaded %s"), image) : g_strdup_printf (_("Downloaded %s"), image);
    case STATE_FAILED:
      return push ? g_strdup_printf (_("Could not upload %s"), image) : g_strdup_printf (_("Could not download %s"), image);
    case STATE_STOPPED:
      return push ? g_strdup_printf (_("Stopped uploading %s"), image) : g_strdup_printf (_("Stopped downloading %s"), image);
    case STATE_IDLE:
    case STATE_RUNNING:
    default:
      return push ? g_strdup_printf (_("Uploading %s"), image) : g_strdup_printf (_("Downloading %s"), image);
    }
}

static void
update_summary (BerthPullProgress *self)
{
  GListModel *layers = G_LIST_MODEL (self->progress);
  guint n = layers ? g_list_model_get_n_items (layers) : 0;
  guint64 total = self->progress ? berth_progress_get_total (self->progress) : 0;
  GString *text = g_string_new (NULL);
  guint done = 0;

  if (self->disposed)
    {
      g_string_free (text, TRUE);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (BerthProgressLayer) layer = g_list_model_get_item (layers, i);

      done += berth_progress_layer_get_done (layer);
    }

  if (n > 0)
    /* Translators: e.g. "2 of 5 layers done" */
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u of %u layer done", "%u of %u layers done", n),
                            done, n);
  if (total > 0)
    {
      g_autofree char *done_bytes = g_format_size (berth_progress_get_current (self->progress));
      g_autofree char *all_bytes = g_format_size (total);
      /* Translators: bytes of the whole image, e.g. "12.3 MB of 45.6 MB" */
      g_autofree char *bytes = g_strdup_printf (_("%s of %s"), done_bytes, all_bytes);

      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append (text, bytes);
    }
  if (text->len == 0 && self->state == STATE_RUNNING)
    g_string_append (text, _("Asking the registry…"));

  gtk_label_set_label (self->summary_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), text->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->layer_list), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->overall_bar),
                          n > 0 || (self->state != STATE_FAILED && self->state != STATE_STOPPED));
  gtk_progress_bar_set_fraction (self->overall_bar,
                                 self->state == STATE_DONE ? 1.0
                                 : self->progress ? berth_progress_get_fraction (self->progress) : 0.0);
  g_string_free (text, TRUE);
}

static void
set_state (BerthPullProgress *self,
           State              state,
           const char        *error)
{
  if (self->disposed)
    return;

  self->state = state;
  g_free (self->title);
  self->title = state_title (self);
  g_free (self->error);
  self->error = g_strdup (error);

  gtk_label_set_label (self->title_label, self->title);
  gtk_label_set_label (self->error_label, error ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  gtk_widget_set_sensitive (self->stop_button, state == STATE_RUNNING && self->run_cancellable != NULL);
  gtk_widget_set_visible (self->stop_button, state == STATE_RUNNING && self->run_cancellable != NULL);
  update_summary (self);
}

/**
 * berth_pull_progress_set_progress:
 * @reference: the image, as the user wrote it
 * @progress: (nullable): the model to show
 *
 * Shows @progress, filled by someone else (for a transfer this widget
 * does not run itself).
 */
void
berth_pull_progress_set_progress (BerthPullProgress      *self,
                                  BerthImageTransferKind  kind,
                                  const char             *reference,
                                  BerthProgress          *progress)
{
  g_return_if_fail (BERTH_IS_PULL_PROGRESS (self));
  g_return_if_fail (progress == NULL || BERTH_IS_PROGRESS (progress));

  if (self->progress != NULL)
    g_signal_handlers_disconnect_by_data (self->progress, self);
  g_set_object (&self->progress, progress);
  self->kind = kind;
  g_free (self->reference);
  self->reference = g_strdup (reference);

  gtk_list_box_bind_model (self->layer_list, G_LIST_MODEL (progress), create_layer_row, self, NULL);
  if (progress != NULL)
    {
      g_signal_connect_object (progress, "notify::fraction", G_CALLBACK (update_summary), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (progress, "notify::total", G_CALLBACK (update_summary), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (progress, "notify::current", G_CALLBACK (update_summary), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (progress, "items-changed", G_CALLBACK (update_summary), self, G_CONNECT_SWAPPED);
    }

  set_state (self, progress && berth_progress_get_finished (progress) ? STATE_DONE : STATE_RUNNING, NULL);
}

BerthProgress *
berth_pull_progress_get_progress (BerthPullProgress *self)
{
  g_return_val_if_fail (BERTH_IS_PULL_PROGRESS (self), NULL);
  return self->progress;
}

/* Running a transfer --------------------------------------------------------- */

static void
outer_cancelled_cb (GCancellable *outer,
                    GCancellable *inner)
{
  g_cancellable_cancel (inner);
}

/* The registry's words say what happened; this says what to do. */
static void
show_hint (BerthPullProgress *self,
           const GError      *error,
           RunData           *data)
{
  g_autofree char *server = NULL;
  g_autofree char *hint = NULL;

  if (self->disposed)
    return;

  if (g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNAUTHORIZED))
    {
      server = berth_image_transfer_get_server (data->transfer);
      /* Translators: %s is a registry, as docker login takes it */
      hint = g_strdup_printf (_("The registry wants to know who you are: log in to it first, as docker login %s does, then try again."),
                              server && g_strcmp0 (server, BERTH_REGISTRY_DOCKER_HUB_SERVER) != 0 ? server : "");
      g_strstrip (hint);
    }
  else if (g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND))
    hint = g_strdup (_("Check the name and the tag: the registry has no image by that name, or it is private and wants you to log in."));

  gtk_label_set_label (self->hint_label, hint ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), hint != NULL);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  BerthPullProgress *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!berth_image_transfer_run_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_state (self, STATE_STOPPED, NULL);
      else
        set_state (self, STATE_FAILED, error->message);
      show_hint (self, error, data);
      g_clear_object (&self->run_cancellable);
      g_task_return_error (task, error);
      return;
    }

  g_clear_object (&self->run_cancellable);
  berth_progress_set_finished (data->progress);
  set_state (self, STATE_DONE, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
start_transfer (GTask                   *task,
          const BerthRegistryAuth *auth)
{
  BerthPullProgress *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);

  berth_image_transfer_run_async (data->transfer, data->engine, auth, data->progress,
                                  self->run_cancellable, run_cb, task);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  BerthPullProgress *self = g_task_get_source_object (task);
  g_autoptr (BerthRegistryAuth) auth = NULL;
  g_autoptr (GError) error = NULL;

  auth = berth_registry_auth_lookup_finish (result, &error);
  if (g_cancellable_is_cancelled (self->run_cancellable))
    {
      set_state (self, STATE_STOPPED, NULL);
      g_clear_object (&self->run_cancellable);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", _("Stopped"));
      return;
    }

  /* No keyring, or nothing saved: the transfer goes without, and the
   * registry says what it thinks of that. */
  if (error != NULL)
    g_debug ("No saved credentials for the registry: %s", error->message);
  start_transfer (g_steal_pointer (&task), auth);
}

/**
 * berth_pull_progress_run_async:
 * @auth: (nullable): credentials for the registry; without them, those
 *   saved in the keyring for the image's registry, if any
 * @cancellable: (nullable): also stops the transfer
 *
 * Pulls or pushes @transfer on @engine and shows its progress; the Stop
 * button (or berth_pull_progress_cancel()) stops it. A failure is shown
 * in the registry's words and returned.
 */
void
berth_pull_progress_run_async (BerthPullProgress        *self,
                               BerthEngine              *engine,
                               const BerthImageTransfer *transfer,
                               const BerthRegistryAuth  *auth,
                               GCancellable             *cancellable,
                               GAsyncReadyCallback       callback,
                               gpointer                  user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *server = NULL;
  RunData *data;

  g_return_if_fail (BERTH_IS_PULL_PROGRESS (self));
  g_return_if_fail (BERTH_IS_ENGINE (engine));
  g_return_if_fail (transfer != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_pull_progress_run_async);
  data = g_new0 (RunData, 1);
  data->engine = g_object_ref (engine);
  data->transfer = berth_image_transfer_copy (transfer);
  data->progress = berth_progress_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);

  /* A new run replaces whatever was shown. */
  berth_pull_progress_cancel (self);
  g_clear_object (&self->run_cancellable);
  self->run_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      data->outer = g_object_ref (cancellable);
      data->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb),
                                               g_object_ref (self->run_cancellable), g_object_unref);
    }

  berth_pull_progress_set_progress (self, transfer->kind, transfer->reference, data->progress);
  if (berth_image_transfer_validate (transfer, NULL))
    server = berth_image_transfer_get_server (transfer);
  if (auth != NULL || server == NULL)
    {
      start_transfer (g_steal_pointer (&task), auth);
      return;
    }
  berth_registry_auth_lookup_async (server, NULL, self->run_cancellable, lookup_cb, g_steal_pointer (&task));
}

gboolean
berth_pull_progress_run_finish (BerthPullProgress  *self,
                                GAsyncResult       *result,
                                GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
berth_pull_progress_get_running (BerthPullProgress *self)
{
  g_return_val_if_fail (BERTH_IS_PULL_PROGRESS (self), FALSE);
  return self->run_cancellable != NULL;
}

/* Stops the transfer this widget runs, if any. */
void
berth_pull_progress_cancel (BerthPullProgress *self)
{
  g_return_if_fail (BERTH_IS_PULL_PROGRESS (self));

  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
}

/* "Downloading nginx", "Could not download nginx"… */
const char *
berth_pull_progress_get_title (BerthPullProgress *self)
{
  g_return_val_if_fail (BERTH_IS_PULL_PROGRESS (self), NULL);
  return self->title;
}

/* The registry's or engine's message, when it failed. */
const char *
berth_pull_progress_get_error (BerthPullProgress *self)
{
  g_return_val_if_fail (BERTH_IS_PULL_PROGRESS (self), NULL);
  return self->error;
}

/* What to do about the error, when Berth knows; or NULL. */
const char *
berth_pull_progress_get_hint (BerthPullProgress *self)
{
  g_return_val_if_fail (BERTH_IS_PULL_PROGRESS (self), NULL);

  if (self->disposed || !gtk_widget_get_visible (GTK_WIDGET (self->hint_label)))
    return NULL;
  return gtk_label_get_label (self->hint_label);
}

/* GObject -------------------------------------------------------------------- */

static void
berth_pull_progress_dispose (GObject *object)
{
  BerthPullProgress *self = BERTH_PULL_PROGRESS (object);
  GtkWidget *child;

  berth_pull_progress_cancel (self);
  if (self->layer_list != NULL)
    gtk_list_box_bind_model (self->layer_list, NULL, NULL, NULL, NULL);
  if (self->progress != NULL)
    g_signal_handlers_disconnect_by_data (self->progress, self);
  self->disposed = TRUE;
  gtk_widget_dispose_template (GTK_WIDGET (self), BERTH_TYPE_PULL_PROGRESS);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (berth_pull_progress_parent_class)->dispose (object);
}

static void
berth_pull_progress_finalize (GObject *object)
{
  BerthPullProgress *self = BERTH_PULL_PROGRESS (object);

  g_clear_object (&self->progress);
  g_clear_object (&self->run_cancellable);
  g_clear_object (&self->status_sizes);
  g_free (self->reference);
  g_free (self->title);
  g_free (self->error);

  G_OBJECT_CLASS (berth_pull_progress_parent_class)->finalize (object);
}

static void
berth_pull_progress_class_init (BerthPullProgressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_pull_progress_dispose;
  object_class->finalize = berth_pull_progress_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/berthapp/Berth/ui/berth-pull-progress.ui");
  gtk_widget_class_bind_template_child (widget_class, BerthPullProgress, title_label);
  gtk_widget_class_bind_template_child (widget_class, BerthPullProgress, stop_button);
  gtk_widget_class_bind_template_child (widget_class, BerthPullProgress, overall_bar);
  gtk_widget_class_bind_template_child (widget_class, BerthPullProgress, summary_label);
  gtk_widget_class_bind_template_child (widget_class, BerthPullProgress, error_label);
  gtk_widget_class_bind_template_child (widget_class, BerthPullProgress, hint_label);
  gtk_widget_class_bind_template_child (widget_class, BerthPullProgress, layer_list);
  gtk_widget_class_bind_template_callback (widget_class, berth_pull_progress_cancel);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
berth_pull_progress_init (BerthPullProgress *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->status_sizes = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  gtk_widget_set_tooltip_text (self->stop_button, _("Stop the transfer; nothing half-done is kept"));
}

GtkWidget *
berth_pull_progress_new (void)
{
  return g_object_new (BERTH_TYPE_PULL_PROGRESS, NULL);
}
