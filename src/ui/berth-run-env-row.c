/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-run-env-row.h"
#include "berth-run-field.h"

/* One -e of the Run dialog: NAME = value. A row written `-e NAME` (the
 * value taken from Berth's own environment) says so in the empty value
 * field, until a value is typed there. */

struct _BerthRunEnvRow
{
  AdwPreferencesRow  parent_instance;

  GtkWidget         *key;
  GtkWidget         *value;
  GtkWidget         *message;
  gboolean           from_environment;
  gboolean           filling;
};

enum {
  CHANGED,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BerthRunEnvRow, berth_run_env_row, ADW_TYPE_PREFERENCES_ROW)

static void
update_placeholder (BerthRunEnvRow *self)
{
  const char *key = gtk_editable_get_text (GTK_EDITABLE (self->key));
  const char *text = _("value");

  if (self->from_environment)
    text = g_getenv (key) != NULL ? _("From Berth’s environment") : _("Not set in Berth’s environment");
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->value), text);
}

static void
key_changed_cb (BerthRunEnvRow *self)
{
  update_placeholder (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
value_changed_cb (BerthRunEnvRow *self)
{
  /* Typing a value turns `-e NAME` into `-e NAME=value`. */
  if (!self->filling && self->from_environment)
    {
      self->from_environment = FALSE;
      update_placeholder (self);
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
remove_cb (BerthRunEnvRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

BerthRunEnv *
berth_run_env_row_dup_env (BerthRunEnvRow *self)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (BERTH_IS_RUN_ENV_ROW (self), NULL);

  key = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key)));
  if (self->from_environment && *gtk_editable_get_text (GTK_EDITABLE (self->value)) == '\0')
    return berth_run_env_new_from_environment (key);
  return berth_run_env_new (key, gtk_editable_get_text (GTK_EDITABLE (self->value)));
}

void
berth_run_env_row_set_error (BerthRunEnvRow *self,
                             const char     *message)
{
  g_return_if_fail (BERTH_IS_RUN_ENV_ROW (self));

  berth_run_set_message (self->message, message);
  berth_run_mark_error (self->key, message != NULL);
}

const char *
berth_run_env_row_get_message (BerthRunEnvRow *self)
{
  g_return_val_if_fail (BERTH_IS_RUN_ENV_ROW (self), NULL);

  if (!gtk_widget_get_visible (self->message))
    return NULL;
  return gtk_label_get_label (GTK_LABEL (self->message));
}

/* "key" or "value". */
GtkEditable *
berth_run_env_row_get_entry (BerthRunEnvRow *self,
                             const char     *name)
{
  g_return_val_if_fail (BERTH_IS_RUN_ENV_ROW (self), NULL);

  if (g_str_equal (name, "key"))
    return GTK_EDITABLE (self->key);
  if (g_str_equal (name, "value"))
    return GTK_EDITABLE (self->value);
  g_return_val_if_reached (NULL);
}

static void
berth_run_env_row_class_init (BerthRunEnvRowClass *klass)
{
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
berth_run_env_row_init (BerthRunEnvRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *equals = gtk_label_new ("=");
  GtkWidget *remove = berth_run_remove_button_new (_("Remove Variable"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), _("Environment variable"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "run-row");

  self->key = berth_run_entry_new (_("NAME"), 18);
  gtk_widget_add_css_class (self->key, "monospace");
  gtk_widget_set_tooltip_text (self->key, _("The variable’s name, like POSTGRES_PASSWORD: letters, digits and “_”, no spaces or “=”"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->key), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Variable name"), -1);
  g_signal_connect_object (self->key, "changed", G_CALLBACK (key_changed_cb), self, G_CONNECT_SWAPPED);

  self->value = berth_run_entry_new (_("value"), 0);
  gtk_widget_set_hexpand (self->value, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->value), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Value"), -1);
  g_signal_connect_object (self->value, "changed", G_CALLBACK (value_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_add_css_class (equals, "dim-label");
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);

  gtk_box_append (GTK_BOX (line), self->key);
  gtk_box_append (GTK_BOX (line), equals);
  gtk_box_append (GTK_BOX (line), self->value);
  gtk_box_append (GTK_BOX (line), remove);

  self->message = berth_run_message_label_new ();
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_box_append (GTK_BOX (box), line);
  gtk_box_append (GTK_BOX (box), self->message);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);
}

/**
 * berth_run_env_row_new:
 * @env: (nullable): what to show; an empty row without
 */
GtkWidget *
berth_run_env_row_new (const BerthRunEnv *env)
{
  BerthRunEnvRow *self = g_object_new (BERTH_TYPE_RUN_ENV_ROW, NULL);

  if (env != NULL)
    {
      self->filling = TRUE;
      self->from_environment = env->from_environment;
      gtk_editable_set_text (GTK_EDITABLE (self->key), env->key ? env->key : "");
      /* `-e NAME`: the value is Berth's own, shown only as a hint. */
      if (!env->from_environment)
        gtk_editable_set_text (GTK_EDITABLE (self->value), env->value ? env->value : "");
      self->filling = FALSE;
    }
  update_placeholder (self);
  return GTK_WIDGET (self);
}
