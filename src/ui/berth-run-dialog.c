/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-run-dialog-private.h"
#include "berth-run-env-row.h"
#include "berth-run-field.h"
#include "berth-run-mount-row.h"
#include "berth-run-port-row.h"
#include "berth-spinner.h"

/* `docker run` as a form that is always also the command it amounts to.
 * A pasted command fills the form; every change shows the command at
 * once. Every wrong field is marked with a sentence before anything is
 * sent, and Run waits until there are none. A missing image is pulled
 * with its progress shown here, then the container is created again.
 * What the engine or the registry still refuses is shown in their words
 * and the form stays as it was. The form itself is in
 * berth-run-dialog-form.c. */

G_DEFINE_FINAL_TYPE (BerthRunDialog, berth_run_dialog, ADW_TYPE_WINDOW)

static BerthWindow *
parent_window (BerthRunDialog *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  return BERTH_IS_WINDOW (parent) ? BERTH_WINDOW (parent) : NULL;
}

static BerthEngine *
engine (BerthRunDialog *self)
{
  return self->store ? berth_store_get_engine (self->store) : NULL;
}

/* Folders are checked here only when the engine runs on this computer. */
gboolean
_berth_run_dialog_is_local (BerthRunDialog *self)
{
  BerthEngine *current = engine (self);

  return current != NULL &&
         berth_endpoint_get_kind (berth_engine_get_endpoint (current)) == BERTH_ENDPOINT_KIND_UNIX;
}

static void
set_error (BerthRunDialog *self,
           const char     *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (GTK_LABEL (self->engine_error_label), message ? message : "");
  gtk_label_select_region (GTK_LABEL (self->engine_error_label), 0, 0);
  gtk_widget_set_visible (self->engine_error_label, message != NULL);
}

static void
update_sensitivity (BerthRunDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.submit",
                                 self->n_problems == 0 && !self->busy && self->store != NULL);
}

static void
set_busy (BerthRunDialog *self,
          gboolean        busy)
{
  self->busy = busy;
  gtk_widget_set_visible (self->spinner, busy);
  if (busy)
    berth_spinner_start_later (GTK_SPINNER (self->spinner));
  else
    berth_spinner_stop (GTK_SPINNER (self->spinner));
  update_sensitivity (self);
}

/* Marking what is wrong ------------------------------------------------------ */

typedef enum
{
  SLOT_IMAGE,
  SLOT_NAME,
  SLOT_PORTS,
  SLOT_ENV,
  SLOT_COMMAND,
  SLOT_MODE,
  SLOT_MORE,
  N_SLOTS
} Slot;

typedef struct
{
  GString  *text[N_SLOTS];
  gboolean  more;
} Marks;

static void
add_message (Marks      *marks,
             Slot        slot,
             const char *message)
{
  if (marks->text[slot]->len > 0)
    g_string_append_c (marks->text[slot], '\n');
  g_string_append (marks->text[slot], message);
}

static GtkWidget *
slot_label (BerthRunDialog *self,
            Slot            slot)
{
  GtkWidget *labels[N_SLOTS] = {
    self->image_message, self->name_message, self->ports_message, self->env_message,
    self->command_message, self->mode_message, self->more_message,
  };

  return labels[slot];
}

static void
clear_marks (BerthRunDialog *self)
{
  GtkWidget *rows[] = {
    GTK_WIDGET (self->image_row), GTK_WIDGET (self->name_row), GTK_WIDGET (self->command_row),
    GTK_WIDGET (self->entrypoint_row), GTK_WIDGET (self->workdir_row), GTK_WIDGET (self->user_row),
    GTK_WIDGET (self->restart_row), GTK_WIDGET (self->network_row), GTK_WIDGET (self->hostname_row),
    GTK_WIDGET (self->memory_row), GTK_WIDGET (self->cpus_row),
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    berth_run_mark_error (rows[i], FALSE);
  for (guint i = 0; i < self->label_rows->len; i++)
    berth_run_mark_error (g_ptr_array_index (self->label_rows, i), FALSE);
  for (guint i = 0; i < self->env_file_rows->len; i++)
    berth_run_mark_error (g_ptr_array_index (self->env_file_rows, i), FALSE);
  for (guint i = 0; i < self->port_rows->len; i++)
    berth_run_port_row_set_error (g_ptr_array_index (self->port_rows, i), NULL);
  for (guint i = 0; i < self->mount_rows->len; i++)
    berth_run_mount_row_set_error (g_ptr_array_index (self->mount_rows, i), NULL, FALSE);
  for (guint i = 0; i < self->env_rows->len; i++)
    berth_run_env_row_set_error (g_ptr_array_index (self->env_rows, i), NULL);
}

static void
note_first (BerthRunDialog *self,
            gpointer        widget)
{
  if (self->first_problem == NULL)
    self->first_problem = widget;
}

/* Where the problem of a field without rows is shown: the row to mark
 * and the place of its sentence. */
static gboolean
plain_field (BerthRunDialog     *self,
             BerthRunSpecField   field,
             GtkWidget         **widget,
             Slot               *slot)
{
  switch (field)
    {
    case BERTH_RUN_SPEC_FIELD_NAME:
      *widget = GTK_WIDGET (self->name_row), *slot = SLOT_NAME;
      return TRUE;
    case BERTH_RUN_SPEC_FIELD_COMMAND:
      *widget = GTK_WIDGET (self->command_row), *slot = SLOT_COMMAND;
      return TRUE;
    case BERTH_RUN_SPEC_FIELD_ENTRYPOINT:
      *widget = GTK_WIDGET (self->entrypoint_row), *slot = SLOT_COMMAND;
      return TRUE;
    case BERTH_RUN_SPEC_FIELD_WORKDIR:
      *widget = GTK_WIDGET (self->workdir_row), *slot = SLOT_COMMAND;
      return TRUE;
    case BERTH_RUN_SPEC_FIELD_USER:
      *widget = GTK_WIDGET (self->user_row), *slot = SLOT_COMMAND;
      return TRUE;
    case BERTH_RUN_SPEC_FIELD_RESTART:
      *widget = GTK_WIDGET (self->restart_row), *slot = SLOT_MODE;
      return TRUE;
    case BERTH_RUN_SPEC_FIELD_NETWORK:
      *widget = GTK_WIDGET (self->network_row), *slot = SLOT_MORE;
      return TRUE;
    case BERTH_RUN_SPEC_FIELD_HOSTNAME:
      *widget = GTK_WIDGET (self->hostname_row), *slot = SLOT_MORE;
      return TRUE;
    case BERTH_RUN_SPEC_FIELD_MEMORY:
      *widget = GTK_WIDGET (self->memory_row), *slot = SLOT_MORE;
      return TRUE;
    case BERTH_RUN_SPEC_FIELD_CPUS:
      *widget = GTK_WIDGET (self->cpus_row), *slot = SLOT_MORE;
      return TRUE;
    default:
      return FALSE;
    }
}

/* A problem of a field with rows: marked in its row. */
static void
mark_row_problem (BerthRunDialog    *self,
                  Marks             *marks,
                  BerthRunSpecField  field,
                  guint              row,
                  const char        *message,
                  gboolean           conflict)
{
  GPtrArray *rows = field == BERTH_RUN_SPEC_FIELD_PORTS ? self->port_rows
                    : field == BERTH_RUN_SPEC_FIELD_MOUNTS ? self->mount_rows
                    : field == BERTH_RUN_SPEC_FIELD_ENV ? self->env_rows
                    : field == BERTH_RUN_SPEC_FIELD_ENV_FILES ? self->env_file_rows
                    : self->label_rows;
  gpointer widget = row < rows->len ? g_ptr_array_index (rows, row) : NULL;

  note_first (self, widget);
  if (field == BERTH_RUN_SPEC_FIELD_PORTS && widget != NULL && conflict)
    berth_run_port_row_set_conflict (widget, message);
  else if (field == BERTH_RUN_SPEC_FIELD_PORTS && widget != NULL)
    berth_run_port_row_set_error (widget, message);
  else if (field == BERTH_RUN_SPEC_FIELD_MOUNTS && widget != NULL)
    berth_run_mount_row_set_error (widget, message, conflict);
  else if (field == BERTH_RUN_SPEC_FIELD_ENV && widget != NULL)
    berth_run_env_row_set_error (widget, message);
  else
    {
      if (widget != NULL)
        berth_run_mark_error (widget, TRUE);
      add_message (marks, field == BERTH_RUN_SPEC_FIELD_LABELS ? SLOT_MORE
                          : field == BERTH_RUN_SPEC_FIELD_PORTS ? SLOT_PORTS : SLOT_ENV, message);
      marks->more |= field == BERTH_RUN_SPEC_FIELD_LABELS;
    }
}

/* @conflict: the value is fine but meets what exists (a name in use, a
 * port another container publishes, a folder that is not there). */
static void
mark_problem (BerthRunDialog    *self,
              Marks             *marks,
              BerthRunSpecField  field,
              guint              row,
              const char        *message,
              gboolean           conflict)
{
  GtkWidget *widget;
  Slot slot;

  self->n_problems++;

  if (field == BERTH_RUN_SPEC_FIELD_IMAGE)
    {
      note_first (self, self->image_row);
      /* An empty form is not wrong yet; Run just waits for an image. */
      if (*gtk_editable_get_text (GTK_EDITABLE (self->image_row)) == '\0')
        return;
      berth_run_mark_error (GTK_WIDGET (self->image_row), TRUE);
      add_message (marks, SLOT_IMAGE, message);
    }
  else if (plain_field (self, field, &widget, &slot))
    {
      berth_run_mark_error (widget, TRUE);
      note_first (self, widget);
      add_message (marks, slot, message);
      marks->more |= slot == SLOT_MORE;
    }
  else if (field == BERTH_RUN_SPEC_FIELD_NONE)
    add_message (marks, SLOT_IMAGE, message);
  else
    mark_row_problem (self, marks, field, row, message, conflict);
}

/* Every conflict, not just the first: each one found is taken out of a
 * copy of the spec before looking again. */
static void
mark_conflicts (BerthRunDialog *self,
                Marks          *marks)
{
  GListModel *containers = self->store ? G_LIST_MODEL (berth_store_get_list (self->store, BERTH_RESOURCE_KIND_CONTAINER)) : NULL;
  g_autoptr (BerthRunSpec) probe = NULL;

  if (containers == NULL)
    return;

  probe = berth_run_spec_copy (self->spec);
  for (guint i = 0; i <= berth_run_spec_get_n_ports (probe) + 1; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (BerthRunPort) port = NULL;
      BerthRunSpecField field;
      guint row;

      if (berth_run_spec_check_conflicts (probe, containers, &field, &row, &error))
        return;

      mark_problem (self, marks, field, row, error->message, TRUE);
      if (field == BERTH_RUN_SPEC_FIELD_NAME)
        berth_run_spec_set_name (probe, NULL);
      else if (field == BERTH_RUN_SPEC_FIELD_PORTS)
        {
          port = berth_run_port_copy (berth_run_spec_get_port (probe, row));
          g_clear_pointer (&port->host_port, g_free);
          berth_run_spec_replace_port (probe, row, port);
        }
      else
        return;
    }
}

static char *
bind_sources (BerthRunSpec *spec)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < berth_run_spec_get_n_mounts (spec); i++)
    {
      const BerthRunMount *mount = berth_run_spec_get_mount (spec, i);

      if (mount->kind == BERTH_RUN_MOUNT_BIND && mount->source != NULL && g_path_is_absolute (mount->source))
        g_string_append (out, mount->source);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static gboolean
has_binds (BerthRunSpec *spec)
{
  g_autofree char *sources = bind_sources (spec);

  for (const char *p = sources; *p; p++)
    if (*p != '\n')
      return TRUE;
  return FALSE;
}

static void
mark_other_problems (BerthRunDialog *self,
                     Marks          *marks)
{
  g_autofree char *sources = bind_sources (self->spec);
  GHashTableIter iter;
  gpointer path, message;

  if (self->command_error != NULL)
    mark_problem (self, marks, BERTH_RUN_SPEC_FIELD_COMMAND, 0, self->command_error, FALSE);

  if (self->folder_error != NULL && g_strcmp0 (sources, self->checked_folders) == 0)
    mark_problem (self, marks, BERTH_RUN_SPEC_FIELD_MOUNTS, self->folder_row, self->folder_error, TRUE);

  g_hash_table_iter_init (&iter, self->env_file_errors);
  while (g_hash_table_iter_next (&iter, &path, &message))
    {
      for (guint i = 0; i < self->env_file_rows->len; i++)
        if (g_strcmp0 (g_object_get_data (g_ptr_array_index (self->env_file_rows, i), "path"), path) == 0)
          mark_problem (self, marks, BERTH_RUN_SPEC_FIELD_ENV_FILES, i, message, FALSE);
    }
}

/* Under the image: what is wrong with it, or that it will be pulled. */
static void
show_image_hint (BerthRunDialog *self,
                 Marks          *marks)
{
  const char *image = berth_run_spec_get_image (self->spec);
  g_autofree char *hint = NULL;

  gtk_widget_remove_css_class (self->image_message, "dim-label");
  gtk_widget_add_css_class (self->image_message, "error");
  if (marks->text[SLOT_IMAGE]->len > 0 || image == NULL || self->store == NULL ||
      !berth_resource_list_get_loaded (berth_store_get_list (self->store, BERTH_RESOURCE_KIND_IMAGE)) ||
      _berth_run_dialog_find_image (self, image) != NULL)
    return;

  hint = g_strdup_printf (_("“%s” is not on this computer yet: Run downloads it first, as docker pull %s would."),
                          image, image);
  gtk_widget_remove_css_class (self->image_message, "error");
  gtk_widget_add_css_class (self->image_message, "dim-label");
  g_string_append (marks->text[SLOT_IMAGE], hint);
}

/* Under the form, next to the command: why Run cannot run, when the
 * fields to fix are out of sight. */
static void
show_summary (BerthRunDialog *self)
{
  g_autofree char *text = NULL;
  gboolean only_image = self->n_problems == 1 &&
                        *gtk_editable_get_text (GTK_EDITABLE (self->image_row)) == '\0';

  if (self->n_problems == 0)
    {
      gtk_widget_set_visible (self->problems_box, FALSE);
      return;
    }

  if (only_image)
    text = g_strdup (_("Choose an image to run it."));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Fix the marked field to run it.",
                                         "Fix the %u marked fields to run it.", self->n_problems),
                            self->n_problems);
  gtk_label_set_label (self->problems_label, text);
  gtk_widget_set_visible (self->problems_box, TRUE);
}

static void
scroll_to (BerthRunDialog *self,
           GtkWidget      *widget)
{
  GtkWidget *viewport = gtk_scrolled_window_get_child (self->scroller);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  graphene_point_t point;

  if (gtk_widget_compute_point (widget, viewport, &GRAPHENE_POINT_INIT (0, 0), &point))
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + point.y - 48);
}

static void
show_first_problem_cb (BerthRunDialog *self)
{
  GtkWidget *widget = self->first_problem;

  if (widget == NULL)
    return;

  if (gtk_widget_is_ancestor (widget, GTK_WIDGET (self->more_row)))
    adw_expander_row_set_expanded (self->more_row, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "form");
  scroll_to (self, widget);
  if (GTK_IS_EDITABLE (widget))
    gtk_widget_grab_focus (widget);
  else
    gtk_widget_child_focus (widget, GTK_DIR_TAB_FORWARD);
}

static void
show_marks (BerthRunDialog *self)
{
  g_autoptr (GPtrArray) problems = berth_run_spec_get_problems (self->spec);
  Marks marks = { { NULL, }, FALSE };

  for (guint i = 0; i < N_SLOTS; i++)
    marks.text[i] = g_string_new (NULL);

  clear_marks (self);
  self->n_problems = 0;
  self->first_problem = NULL;
  /* Conflicts (name, ports) first: they come before the rest in the form. */
  mark_conflicts (self, &marks);
  for (guint i = 0; i < problems->len; i++)
    {
      BerthRunProblem *problem = g_ptr_array_index (problems, i);

      mark_problem (self, &marks, problem->field, problem->row, problem->error->message, FALSE);
    }
  mark_other_problems (self, &marks);
  show_image_hint (self, &marks);

  for (guint i = 0; i < N_SLOTS; i++)
    {
      berth_run_set_message (slot_label (self, i), marks.text[i]->str);
      g_string_free (marks.text[i], TRUE);
    }
  if (marks.more)
    adw_expander_row_set_expanded (self->more_row, TRUE);
  show_summary (self);
}

/* Host folders --------------------------------------------------------------- */

static void
folders_checked_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (BerthRunDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  guint row = 0;

  if (berth_run_spec_check_host_folders_finish (BERTH_RUN_SPEC (object), result, NULL, &row, &error) ||
      self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Not cancelled: no newer check was started, the rows are the same. */
  g_free (self->folder_error);
  self->folder_error = g_strdup (error->message);
  self->folder_row = row;
  _berth_run_dialog_update (self);
}

static void
check_folders (BerthRunDialog *self)
{
  g_autofree char *sources = NULL;

  if (!_berth_run_dialog_is_local (self))
    return;

  sources = bind_sources (self->spec);
  if (g_strcmp0 (sources, self->checked_folders) == 0)
    return;

  g_free (self->checked_folders);
  self->checked_folders = g_steal_pointer (&sources);
  g_clear_pointer (&self->folder_error, g_free);
  g_cancellable_cancel (self->folders_cancellable);
  g_clear_object (&self->folders_cancellable);
  if (!has_binds (self->spec))
    return;

  self->folders_cancellable = g_cancellable_new ();
  berth_run_spec_check_host_folders_async (self->spec, self->folders_cancellable,
                                           folders_checked_cb, g_object_ref (self));
}

/**
 * _berth_run_dialog_update:
 *
 * Reads the form again: the command, every problem, what Run can do.
 */
void
_berth_run_dialog_update (BerthRunDialog *self)
{
  if (self->filling || self->disposed)
    return;

  g_clear_object (&self->spec);
  self->spec = _berth_run_dialog_read_form (self);
  g_free (self->command);
  self->command = berth_run_spec_to_command (self->spec);
  gtk_label_set_label (self->command_label, self->command);
  gtk_label_select_region (self->command_label, 0, 0);

  check_folders (self);
  show_marks (self);
  _berth_run_dialog_update_exposed (self);
  gtk_widget_set_visible (self->retries_row,
                          berth_run_spec_get_restart (self->spec) == BERTH_RUN_RESTART_ON_FAILURE);
  update_sensitivity (self);
}

/* Pasting a command ---------------------------------------------------------- */

static gboolean
looks_like_run_command (const char *text)
{
  return g_regex_match_simple ("^\\s*(\\$\\s+)?(sudo\\s+(-\\S+\\s+)*)?(\\S*/)?(docker|podman)\\s+(container\\s+)?run(\\s|$)",
                               text, G_REGEX_DOTALL, 0);
}

static void
set_paste_message (BerthRunDialog *self,
                   const char     *message,
                   const char     *style)
{
  gtk_widget_remove_css_class (self->paste_message, "error");
  gtk_widget_remove_css_class (self->paste_message, "warning");
  gtk_widget_remove_css_class (self->paste_message, "dim-label");
  if (style != NULL)
    gtk_widget_add_css_class (self->paste_message, style);
  berth_run_set_message (self->paste_message, message);
}

/**
 * berth_run_dialog_paste_command:
 * @line: a docker run command
 *
 * Fills the whole form from @line. When it cannot be read, the reason
 * (an unsupported option, an unbalanced quote…) is shown under the paste
 * field and the form is left as it was.
 *
 * Returns: whether the form was filled
 */
gboolean
berth_run_dialog_paste_command (BerthRunDialog *self,
                                const char     *line)
{
  g_auto (GStrv) warnings = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthRunSpec) spec = NULL;
  GString *message;

  g_return_val_if_fail (BERTH_IS_RUN_DIALOG (self), FALSE);
  g_return_val_if_fail (line != NULL, FALSE);

  spec = berth_run_spec_parse_line (line, &warnings, &error);
  berth_run_mark_error (GTK_WIDGET (self->paste_row), spec == NULL);
  if (spec == NULL)
    {
      set_paste_message (self, error->message, "error");
      return FALSE;
    }

  _berth_run_dialog_fill_form (self, spec);
  gtk_editable_set_text (GTK_EDITABLE (self->paste_row), "");

  message = g_string_new (_("The form below now holds the pasted command."));
  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    g_string_append_printf (message, "\n• %s", warnings[i]);
  set_paste_message (self, message->str, warnings && warnings[0] ? "warning" : "dim-label");
  g_string_free (message, TRUE);
  return TRUE;
}

static void
paste_apply_cb (BerthRunDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->paste_row));

  if (*text != '\0')
    berth_run_dialog_paste_command (self, text);
}

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (BerthRunDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *shown = NULL;
  GtkWidget *focus;

  text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (text != NULL && looks_like_run_command (text))
    {
      /* Shown on one line; read as pasted, continuations and all. */
      shown = g_strdup (text);
      g_strdelimit (g_strstrip (shown), "\r\n\t", ' ');
      gtk_editable_set_text (GTK_EDITABLE (self->paste_row), shown);
      berth_run_dialog_paste_command (self, text);
      return;
    }

  /* Anything else is pasted where it was meant to go. */
  focus = gtk_root_get_focus (GTK_ROOT (self));
  if (focus != NULL)
    gtk_widget_activate_action (focus, "clipboard.paste", NULL);
}

static void
paste_clipboard_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  BerthRunDialog *self = BERTH_RUN_DIALOG (widget);

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), self->cancellable,
                                 clipboard_read_cb, g_object_ref (self));
}

/* Ctrl+V anywhere looks for a docker run command first; Ctrl+Enter runs. */
static gboolean
key_pressed_cb (BerthRunDialog  *self,
                guint            keyval,
                guint            keycode,
                GdkModifierType  state)
{
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();

  if ((mods == GDK_CONTROL_MASK && (keyval == GDK_KEY_v || keyval == GDK_KEY_V)) ||
      (mods == GDK_SHIFT_MASK && keyval == GDK_KEY_Insert))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "run.paste-clipboard", NULL);
      return TRUE;
    }

  if (mods == GDK_CONTROL_MASK &&
      (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter))
    {
      berth_run_dialog_submit (self);
      return TRUE;
    }

  return FALSE;
}

static void
copy_command_cb (BerthRunDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "app.copy-text", "s", self->command);
}

/* The new container, selected in the Containers page ------------------------- */

typedef struct
{
  BerthResourcePage *page;
  BerthResourceList *list;
  char              *id;
  guint              timeout_id;
} Reveal;

static void
reveal_free (Reveal *reveal)
{
  g_signal_handlers_disconnect_by_data (reveal->list, reveal);
  g_clear_handle_id (&reveal->timeout_id, g_source_remove);
  g_clear_weak_pointer (&reveal->page);
  g_clear_object (&reveal->list);
  g_free (reveal->id);
  g_free (reveal);
}

static void
reveal_changed_cb (Reveal *reveal)
{
  if (reveal->page == NULL || berth_resource_page_select_id (reveal->page, reveal->id))
    reveal_free (reveal);
}

static gboolean
reveal_timeout_cb (gpointer user_data)
{
  Reveal *reveal = user_data;

  /* It never showed up (a --rm container that ended at once). */
  reveal->timeout_id = 0;
  reveal_free (reveal);
  return G_SOURCE_REMOVE;
}

static void
reveal_container (BerthWindow *window,
                  const char  *id)
{
  BerthResourcePage *page = berth_window_get_page (window, BERTH_RESOURCE_KIND_CONTAINER);
  Reveal *reveal;

  if (berth_resource_page_select_id (page, id) || berth_resource_page_get_list (page) == NULL)
    return;

  reveal = g_new0 (Reveal, 1);
  g_set_weak_pointer (&reveal->page, page);
  reveal->list = g_object_ref (berth_resource_page_get_list (page));
  reveal->id = g_strdup (id);
  g_signal_connect_swapped (reveal->list, "items-changed", G_CALLBACK (reveal_changed_cb), reveal);
  g_signal_connect_swapped (reveal->list, "refreshed", G_CALLBACK (reveal_changed_cb), reveal);
  reveal->timeout_id = g_timeout_add_seconds (10, reveal_timeout_cb, reveal);
}

/* Running -------------------------------------------------------------------- */

static void
fail (BerthRunDialog *self,
      const char     *message)
{
  BerthWindow *window = parent_window (self);

  if (window != NULL)
    berth_command_log_add (berth_window_get_command_log (window), self->run_command, message, TRUE);
  set_error (self, message);
  gtk_stack_set_visible_child_name (self->stack, "form");
  set_busy (self, FALSE);
  gtk_widget_grab_focus (self->run_button);
}

static char *
done_message (BerthRunDialog *self,
              const char     *id)
{
  const char *name = berth_run_spec_get_name (self->run_spec);
  g_autofree char *short_id = g_strndup (id, 12);
  const char *who = name ? name : short_id;

  if (berth_run_spec_get_interactive (self->run_spec) && berth_run_spec_get_tty (self->run_spec))
    return g_strdup_printf (_("Started “%s” in the background, with a terminal. To type into it, run docker attach %s in a terminal"),
                            who, who);
  if (!berth_run_spec_get_detach (self->run_spec) && !berth_run_spec_get_auto_remove (self->run_spec))
    return g_strdup_printf (_("Started “%s”. What it prints is in its logs: docker logs %s"), who, who);
  return g_strdup_printf (_("Started “%s”"), who);
}

static void
succeed (BerthRunDialog *self,
         const char     *id)
{
  BerthWindow *window = parent_window (self);
  g_autofree char *done = done_message (self, id);

  if (window != NULL)
    {
      berth_command_log_add (berth_window_get_command_log (window), self->run_command, done, FALSE);
      berth_window_toast_command (window, done, self->run_command);
      berth_window_show_page (window, BERTH_RESOURCE_KIND_CONTAINER);
      reveal_container (window, id);
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void start_pull (BerthRunDialog *self);

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (BerthRunDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *message = NULL;
  gboolean image_missing = FALSE;

  id = berth_run_spec_create_finish (BERTH_RUN_SPEC (object), result, &image_missing, &error);
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (id == NULL && image_missing && !self->pulled)
    start_pull (self);
  else if (id == NULL)
    {
      /* Translators: the engine's own message follows */
      message = g_strdup_printf (_("The engine could not run it: %s"), error->message);
      fail (self, message);
    }
  else
    succeed (self, id);
}

static void
create (BerthRunDialog *self)
{
  berth_run_spec_create_async (self->run_spec, engine (self), TRUE, self->run_cancellable,
                               create_cb, g_object_ref (self));
}

static void
pull_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (BerthRunDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthImageTransfer) transfer = NULL;
  g_autofree char *message = NULL;
  g_autofree char *command = NULL;
  BerthWindow *window;
  const char *image;

  berth_pull_progress_run_finish (BERTH_PULL_PROGRESS (object), result, &error);
  if (self->disposed || g_cancellable_is_cancelled (self->run_cancellable))
    return;

  image = berth_run_spec_get_image (self->run_spec);
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        message = g_strdup_printf (_("Stopped downloading “%s”: nothing was run."), image);
      else
        message = g_strdup_printf (_("Could not download “%s”: %s"), image, error->message);
      if (berth_pull_progress_get_hint (self->pull_progress) != NULL)
        {
          g_autofree char *with_hint = g_strconcat (message, "\n", berth_pull_progress_get_hint (self->pull_progress), NULL);

          g_free (message);
          message = g_steal_pointer (&with_hint);
        }
      fail (self, message);
      return;
    }

  window = parent_window (self);
  transfer = berth_image_transfer_new (BERTH_IMAGE_TRANSFER_PULL, image);
  command = berth_image_transfer_to_command (transfer);
  message = g_strdup_printf (_("Downloaded “%s”"), image);
  if (window != NULL)
    berth_command_log_add (berth_window_get_command_log (window), command, message, FALSE);

  self->pulled = TRUE;
  create (self);
}

static void
pull_with (BerthRunDialog          *self,
           const BerthRegistryAuth *auth)
{
  g_autoptr (BerthImageTransfer) transfer = NULL;

  transfer = berth_image_transfer_new (BERTH_IMAGE_TRANSFER_PULL, berth_run_spec_get_image (self->run_spec));
  berth_pull_progress_run_async (self->pull_progress, engine (self), transfer, auth, self->run_cancellable,
                                 pull_cb, g_object_ref (self));
}

/* The engine does not have the image: pull it here, then create again. */
static void
start_pull (BerthRunDialog *self)
{
  const char *image = berth_run_spec_get_image (self->run_spec);
  g_autofree char *intro = NULL;

  intro = g_strdup_printf (_("“%s” is not on this computer yet. The engine downloads it first, as docker pull %s does, then runs the container."),
                           image, image);
  gtk_label_set_label (self->pull_intro, intro);
  gtk_stack_set_visible_child_name (self->stack, "pull");
  pull_with (self, self->auth);
}

static void
submit_folders_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (BerthRunDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  guint row = 0;

  if (berth_run_spec_check_host_folders_finish (BERTH_RUN_SPEC (object), result, NULL, &row, &error))
    {
      if (!self->disposed)
        create (self);
      return;
    }
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Gone since it was checked: marked like any other wrong field. */
  g_free (self->checked_folders);
  self->checked_folders = bind_sources (self->run_spec);
  g_free (self->folder_error);
  self->folder_error = g_strdup (error->message);
  self->folder_row = row;
  set_busy (self, FALSE);
  _berth_run_dialog_update (self);
}

/**
 * berth_run_dialog_submit:
 *
 * Runs the container, if the form has no problems: it creates and starts
 * it, pulling the image first when the engine does not have it. On
 * success the dialog closes and the container is selected in the
 * Containers page; otherwise the form stays, with what went wrong.
 */
void
berth_run_dialog_submit (BerthRunDialog *self)
{
  g_return_if_fail (BERTH_IS_RUN_DIALOG (self));

  _berth_run_dialog_update (self);
  if (self->busy || self->n_problems > 0 || self->store == NULL)
    return;

  set_error (self, NULL);
  g_clear_object (&self->run_spec);
  self->run_spec = berth_run_spec_copy (self->spec);
  g_free (self->run_command);
  self->run_command = g_strdup (self->command);
  self->pulled = FALSE;
  g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
  self->run_cancellable = g_cancellable_new ();
  set_busy (self, TRUE);

  if (_berth_run_dialog_is_local (self) && has_binds (self->run_spec))
    berth_run_spec_check_host_folders_async (self->run_spec, self->run_cancellable,
                                             submit_folders_cb, g_object_ref (self));
  else
    create (self);
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  berth_run_dialog_submit (BERTH_RUN_DIALOG (widget));
}

/* GObject -------------------------------------------------------------------- */

static void
berth_run_dialog_dispose (GObject *object)
{
  BerthRunDialog *self = BERTH_RUN_DIALOG (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->run_cancellable);
  g_cancellable_cancel (self->folders_cancellable);
  _berth_run_dialog_teardown_form (self);
  if (self->store != NULL)
    {
      for (guint kind = 0; kind <= BERTH_RESOURCE_KIND_NETWORK; kind++)
        g_signal_handlers_disconnect_by_data (berth_store_get_list (self->store, kind), self);
    }
  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), BERTH_TYPE_RUN_DIALOG);

  G_OBJECT_CLASS (berth_run_dialog_parent_class)->dispose (object);
}

static void
berth_run_dialog_finalize (GObject *object)
{
  BerthRunDialog *self = BERTH_RUN_DIALOG (object);

  g_clear_object (&self->spec);
  g_clear_object (&self->run_spec);
  g_clear_object (&self->networks);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->folders_cancellable);
  g_clear_object (&self->run_cancellable);
  g_clear_pointer (&self->port_rows, g_ptr_array_unref);
  g_clear_pointer (&self->mount_rows, g_ptr_array_unref);
  g_clear_pointer (&self->env_rows, g_ptr_array_unref);
  g_clear_pointer (&self->env_file_rows, g_ptr_array_unref);
  g_clear_pointer (&self->label_rows, g_ptr_array_unref);
  g_clear_pointer (&self->env_file_errors, g_hash_table_unref);
  g_clear_pointer (&self->auth, berth_registry_auth_free);
  g_clear_pointer (&self->exposed, g_strfreev);
  g_free (self->inspected_image);
  g_free (self->checked_folders);
  g_free (self->folder_error);
  g_free (self->command_error);
  g_free (self->command);
  g_free (self->run_command);
  g_free (self->error);

  G_OBJECT_CLASS (berth_run_dialog_parent_class)->finalize (object);
}

#define BIND_CHILD(name) gtk_widget_class_bind_template_child (widget_class, BerthRunDialog, name)

static void
bind_children (GtkWidgetClass *widget_class)
{
  BIND_CHILD (run_button);
  BIND_CHILD (spinner);
  BIND_CHILD (stack);
  BIND_CHILD (scroller);
  BIND_CHILD (paste_row);
  BIND_CHILD (paste_message);
  BIND_CHILD (image_row);
  BIND_CHILD (image_message);
  BIND_CHILD (name_row);
  BIND_CHILD (name_message);
  BIND_CHILD (ports_list);
  BIND_CHILD (exposed_row);
  BIND_CHILD (exposed_box);
  BIND_CHILD (add_port_row);
  BIND_CHILD (publish_all_switch);
  BIND_CHILD (ports_message);
  BIND_CHILD (mounts_list);
  BIND_CHILD (add_mount_row);
  BIND_CHILD (env_list);
  BIND_CHILD (add_env_row);
  BIND_CHILD (add_env_file_row);
  BIND_CHILD (env_message);
  BIND_CHILD (command_row);
  BIND_CHILD (entrypoint_row);
  BIND_CHILD (workdir_row);
  BIND_CHILD (user_row);
  BIND_CHILD (command_message);
  BIND_CHILD (detach_switch);
  BIND_CHILD (interactive_switch);
  BIND_CHILD (remove_switch);
  BIND_CHILD (restart_row);
  BIND_CHILD (retries_row);
  BIND_CHILD (retries_spin);
  BIND_CHILD (mode_message);
  BIND_CHILD (more_row);
  BIND_CHILD (network_row);
  BIND_CHILD (hostname_row);
  BIND_CHILD (memory_row);
  BIND_CHILD (cpus_row);
  BIND_CHILD (privileged_row);
  BIND_CHILD (privileged_switch);
  BIND_CHILD (add_label_row);
  BIND_CHILD (more_message);
  BIND_CHILD (pull_intro);
  BIND_CHILD (pull_progress);
  BIND_CHILD (engine_error_label);
  BIND_CHILD (problems_box);
  BIND_CHILD (problems_label);
  BIND_CHILD (command_label);
}

#undef BIND_CHILD

static void
berth_run_dialog_class_init (BerthRunDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_run_dialog_dispose;
  object_class->finalize = berth_run_dialog_finalize;

  g_type_ensure (BERTH_TYPE_PULL_PROGRESS);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/berthapp/Berth/ui/berth-run-dialog.ui");
  bind_children (widget_class);
  gtk_widget_class_bind_template_callback_full (widget_class, "form_changed_cb", G_CALLBACK (_berth_run_dialog_update));
  gtk_widget_class_bind_template_callback_full (widget_class, "list_row_activated_cb",
                                                G_CALLBACK (_berth_run_dialog_list_row_activated_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "add_label_activated_cb",
                                                G_CALLBACK (_berth_run_dialog_add_label_activated_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "entrypoint_changed_cb",
                                                G_CALLBACK (_berth_run_dialog_entrypoint_changed_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "interactive_changed_cb",
                                                G_CALLBACK (_berth_run_dialog_interactive_changed_cb));
  gtk_widget_class_bind_template_callback (widget_class, paste_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_command_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_first_problem_cb);

  gtk_widget_class_install_action (widget_class, "run.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "run.paste-clipboard", NULL, paste_clipboard_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
berth_run_dialog_init (BerthRunDialog *self)
{
  GtkEventController *keys;

  self->filling = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->filling = FALSE;

  self->cancellable = g_cancellable_new ();
  self->port_rows = g_ptr_array_new ();
  self->mount_rows = g_ptr_array_new ();
  self->env_rows = g_ptr_array_new ();
  self->env_file_rows = g_ptr_array_new ();
  self->label_rows = g_ptr_array_new ();
  self->env_file_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

/**
 * berth_run_dialog_new:
 * @window: runs on its engine; the new container is shown there
 */
BerthRunDialog *
berth_run_dialog_new (BerthWindow *window)
{
  BerthRunDialog *self;
  BerthStore *store;

  g_return_val_if_fail (BERTH_IS_WINDOW (window), NULL);

  self = g_object_new (BERTH_TYPE_RUN_DIALOG, "transient-for", window, NULL);
  store = berth_window_get_store (window);
  self->store = store ? g_object_ref (store) : NULL;
  _berth_run_dialog_setup_form (self);
  _berth_run_dialog_update (self);
  return self;
}

/**
 * berth_run_dialog_present:
 * @image: (nullable): the image to run
 *
 * Opens the Run dialog, the image filled in if given.
 *
 * Returns: (transfer none): the dialog
 */
BerthRunDialog *
berth_run_dialog_present (BerthWindow *window,
                          const char  *image)
{
  BerthRunDialog *self;

  g_return_val_if_fail (BERTH_IS_WINDOW (window), NULL);

  self = berth_run_dialog_new (window);
  if (image != NULL)
    berth_run_dialog_set_image (self, image);
  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (image != NULL ? GTK_WIDGET (self->name_row) : GTK_WIDGET (self->image_row));
  /* The command took the focus first when the window was shown, which
   * selects a selectable label's text. */
  gtk_label_select_region (self->command_label, 0, 0);
  return self;
}

void
berth_run_dialog_set_image (BerthRunDialog *self,
                            const char     *image)
{
  g_return_if_fail (BERTH_IS_RUN_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->image_row), image ? image : "");
}

/**
 * berth_run_dialog_set_registry_auth:
 * @auth: (nullable): credentials for pulling the image; without them, the
 *   ones saved in the keyring for its registry are used, if any
 */
void
berth_run_dialog_set_registry_auth (BerthRunDialog          *self,
                                    const BerthRegistryAuth *auth)
{
  g_return_if_fail (BERTH_IS_RUN_DIALOG (self));

  g_clear_pointer (&self->auth, berth_registry_auth_free);
  self->auth = auth ? berth_registry_auth_copy (auth) : NULL;
}

/* The form as a spec, as last read. */
BerthRunSpec *
berth_run_dialog_get_spec (BerthRunDialog *self)
{
  g_return_val_if_fail (BERTH_IS_RUN_DIALOG (self), NULL);
  return self->spec;
}

/* The docker command shown under the form. */
const char *
berth_run_dialog_get_command (BerthRunDialog *self)
{
  g_return_val_if_fail (BERTH_IS_RUN_DIALOG (self), NULL);
  return self->command;
}

/* What the engine or the registry refused, as they said it; or NULL. */
const char *
berth_run_dialog_get_error (BerthRunDialog *self)
{
  g_return_val_if_fail (BERTH_IS_RUN_DIALOG (self), NULL);
  return self->error;
}

/* How many problems keep Run from running (an empty image counts). */
guint
berth_run_dialog_get_n_problems (BerthRunDialog *self)
{
  g_return_val_if_fail (BERTH_IS_RUN_DIALOG (self), 0);
  return self->n_problems;
}

gboolean
berth_run_dialog_get_busy (BerthRunDialog *self)
{
  g_return_val_if_fail (BERTH_IS_RUN_DIALOG (self), FALSE);
  return self->busy;
}
