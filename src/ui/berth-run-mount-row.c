/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-run-field.h"
#include "berth-run-mount-row.h"

/* One -v, --mount or --tmpfs of the Run dialog: what (a folder on this
 * computer, chosen with the file chooser; a volume, new or existing, named
 * with suggestions; or memory only), where in the container, read-only.
 * How the user wrote it (-v or --mount) is kept. */

struct _BerthRunMountRow
{
  AdwPreferencesRow    parent_instance;

  GtkWidget           *kind;
  GtkWidget           *source_field;
  GtkLabel            *source_caption;
  GtkWidget           *source;
  GtkWidget           *choose;
  GtkWidget           *target;
  GtkWidget           *read_only;
  GtkWidget           *message;

  BerthRunCompletion  *completion;
  GtkFileChooserNative *chooser;
  BerthRunMountSyntax  syntax;
  gboolean             local;
};

enum {
  CHANGED,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BerthRunMountRow, berth_run_mount_row, ADW_TYPE_PREFERENCES_ROW)

static BerthRunMountKind
current_kind (BerthRunMountRow *self)
{
  return gtk_drop_down_get_selected (GTK_DROP_DOWN (self->kind));
}

static void
update_kind (BerthRunMountRow *self)
{
  BerthRunMountKind kind = current_kind (self);
  gboolean bind = kind == BERTH_RUN_MOUNT_BIND;

  gtk_widget_set_visible (self->source_field, kind != BERTH_RUN_MOUNT_TMPFS);
  gtk_widget_set_visible (self->choose, bind && self->local);
  if (bind)
    gtk_label_set_label (self->source_caption, self->local ? _("Folder on this computer") : _("Folder on the engine’s computer"));
  else
    gtk_label_set_label (self->source_caption, _("Volume name, new or existing"));
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->source),
                                  bind ? _("/home/you/site") : _("Empty for a new unnamed volume"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->source), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_label (self->source_caption), -1);
  berth_run_completion_set_enabled (self->completion, kind == BERTH_RUN_MOUNT_VOLUME);
}

static void
changed_cb (BerthRunMountRow *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
kind_changed_cb (BerthRunMountRow *self)
{
  update_kind (self);
  changed_cb (self);
}

static void
remove_cb (BerthRunMountRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

static void
chooser_response_cb (BerthRunMountRow     *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && (path = g_file_get_path (file)) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->source), path);

  g_clear_object (&self->chooser);
}

static void
choose_cb (BerthRunMountRow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *current = gtk_editable_get_text (GTK_EDITABLE (self->source));

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Choose a Folder to Share"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  if (g_path_is_absolute (current))
    {
      g_autoptr (GFile) file = g_file_new_for_path (current);

      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (self->chooser), file, NULL);
    }
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

BerthRunMount *
berth_run_mount_row_dup_mount (BerthRunMountRow *self)
{
  g_autofree char *source = NULL;
  g_autofree char *target = NULL;
  BerthRunMountKind kind;
  BerthRunMount *mount;

  g_return_val_if_fail (BERTH_IS_RUN_MOUNT_ROW (self), NULL);

  kind = current_kind (self);
  source = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->source))));
  target = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->target))));
  mount = berth_run_mount_new (kind, kind == BERTH_RUN_MOUNT_TMPFS || *source == '\0' ? NULL : source, target,
                               gtk_check_button_get_active (GTK_CHECK_BUTTON (self->read_only)));
  mount->syntax = self->syntax;
  return mount;
}

/* Whether the engine runs on this computer: then folders are chosen here. */
void
berth_run_mount_row_set_local (BerthRunMountRow *self,
                               gboolean          local)
{
  g_return_if_fail (BERTH_IS_RUN_MOUNT_ROW (self));

  self->local = !!local;
  update_kind (self);
}

void
berth_run_mount_row_set_kind (BerthRunMountRow  *self,
                              BerthRunMountKind  kind)
{
  g_return_if_fail (BERTH_IS_RUN_MOUNT_ROW (self));

  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->kind), kind);
}

/**
 * berth_run_mount_row_set_error:
 * @source_only: only the folder or volume is wrong (it does not exist)
 */
void
berth_run_mount_row_set_error (BerthRunMountRow *self,
                               const char       *message,
                               gboolean          source_only)
{
  g_autoptr (BerthRunMount) mount = NULL;
  g_autoptr (BerthRunMount) probe = NULL;
  gboolean target_ok = TRUE;

  g_return_if_fail (BERTH_IS_RUN_MOUNT_ROW (self));

  berth_run_set_message (self->message, message);
  if (message == NULL)
    {
      berth_run_mark_error (self->source, FALSE);
      berth_run_mark_error (self->target, FALSE);
      return;
    }

  /* The target alone, with a source that cannot be wrong. */
  mount = berth_run_mount_row_dup_mount (self);
  if (!source_only)
    {
      probe = berth_run_mount_new (BERTH_RUN_MOUNT_VOLUME, NULL, mount->target, FALSE);
      target_ok = berth_run_mount_validate (probe, NULL);
    }
  berth_run_mark_error (self->target, !target_ok);
  berth_run_mark_error (self->source, source_only || target_ok);
}

const char *
berth_run_mount_row_get_message (BerthRunMountRow *self)
{
  g_return_val_if_fail (BERTH_IS_RUN_MOUNT_ROW (self), NULL);

  if (!gtk_widget_get_visible (self->message))
    return NULL;
  return gtk_label_get_label (GTK_LABEL (self->message));
}

/* "source" or "target". */
GtkEditable *
berth_run_mount_row_get_entry (BerthRunMountRow *self,
                               const char       *name)
{
  g_return_val_if_fail (BERTH_IS_RUN_MOUNT_ROW (self), NULL);

  if (g_str_equal (name, "source"))
    return GTK_EDITABLE (self->source);
  if (g_str_equal (name, "target"))
    return GTK_EDITABLE (self->target);
  g_return_val_if_reached (NULL);
}

static void
berth_run_mount_row_dispose (GObject *object)
{
  BerthRunMountRow *self = BERTH_RUN_MOUNT_ROW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  G_OBJECT_CLASS (berth_run_mount_row_parent_class)->dispose (object);
}

static void
berth_run_mount_row_class_init (BerthRunMountRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = berth_run_mount_row_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static GtkWidget *
build_source_line (BerthRunMountRow *self)
{
  static const char *kinds[4];
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *source_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  kinds[0] = _("Folder");
  kinds[1] = _("Volume");
  kinds[2] = _("Memory only");
  self->kind = gtk_drop_down_new_from_strings (kinds);
  gtk_widget_set_tooltip_text (self->kind,
                               _("A folder of this computer shared with the container (-v /path:…), a volume the engine keeps (-v name:…), or a temporary space in memory (--tmpfs)"));
  g_signal_connect_object (self->kind, "notify::selected", G_CALLBACK (kind_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (line), berth_run_field_new (_("Kind"), self->kind, NULL));

  self->source = berth_run_entry_new (NULL, 0);
  gtk_widget_set_hexpand (self->source, TRUE);
  g_signal_connect_object (self->source, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  self->choose = gtk_button_new_from_icon_name ("folder-open-symbolic");
  gtk_widget_set_tooltip_text (self->choose, _("Choose a Folder"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->choose), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Choose a Folder"), -1);
  g_signal_connect_object (self->choose, "clicked", G_CALLBACK (choose_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (source_box), self->source);
  gtk_box_append (GTK_BOX (source_box), self->choose);
  gtk_widget_add_css_class (source_box, "linked");
  self->source_field = berth_run_field_new (_("Folder on this computer"), source_box, &self->source_caption);
  gtk_widget_set_hexpand (self->source_field, TRUE);
  gtk_box_append (GTK_BOX (line), self->source_field);
  return line;
}

static GtkWidget *
build_target_line (BerthRunMountRow *self)
{
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *remove = berth_run_remove_button_new (_("Remove Folder or Volume"));
  GtkWidget *field;

  self->target = berth_run_entry_new (_("like /data"), 0);
  gtk_widget_set_hexpand (self->target, TRUE);
  gtk_widget_set_tooltip_text (self->target, _("Where the container sees it: a full path starting with “/”"));
  g_signal_connect_object (self->target, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  field = berth_run_field_new (_("Path in the container"), self->target, NULL);
  gtk_widget_set_hexpand (field, TRUE);
  gtk_box_append (GTK_BOX (line), field);

  self->read_only = gtk_check_button_new_with_mnemonic (_("_Read-only"));
  gtk_widget_set_valign (self->read_only, GTK_ALIGN_END);
  gtk_widget_set_tooltip_text (self->read_only, _("The container can read but not change it (:ro)"));
  g_signal_connect_object (self->read_only, "toggled", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (line), self->read_only);

  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (line), remove);
  return line;
}

static void
berth_run_mount_row_init (BerthRunMountRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);

  self->local = TRUE;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), _("Folder or volume"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "run-row");

  self->message = berth_run_message_label_new ();
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_box_append (GTK_BOX (box), build_source_line (self));
  gtk_box_append (GTK_BOX (box), build_target_line (self));
  gtk_box_append (GTK_BOX (box), self->message);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);
}

/**
 * berth_run_mount_row_new:
 * @mount: (nullable): what to show; an empty folder row without
 * @volume_names: the existing volumes, for suggestions
 */
GtkWidget *
berth_run_mount_row_new (const BerthRunMount    *mount,
                         BerthRunCompletionFunc  volume_names,
                         gpointer                user_data)
{
  BerthRunMountRow *self = g_object_new (BERTH_TYPE_RUN_MOUNT_ROW, NULL);

  self->completion = berth_run_completion_attach (self->source, volume_names, user_data);
  if (mount != NULL)
    {
      self->syntax = mount->syntax;
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->kind), mount->kind);
      gtk_editable_set_text (GTK_EDITABLE (self->source), mount->source ? mount->source : "");
      gtk_editable_set_text (GTK_EDITABLE (self->target), mount->target ? mount->target : "");
      gtk_check_button_set_active (GTK_CHECK_BUTTON (self->read_only), mount->read_only);
    }
  update_kind (self);
  return GTK_WIDGET (self);
}
