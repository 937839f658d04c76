/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include "berth-command-log.h"

/* The session's history of equivalent docker commands, newest first, as a
 * GListModel for the history popover. */

struct _BerthCommandEntry
{
  GObject    parent_instance;

  char      *command;
  char      *description;
  GDateTime *time;
  gboolean   failed;
};

enum {
  ENTRY_PROP_0,
  ENTRY_PROP_COMMAND,
  ENTRY_PROP_DESCRIPTION,
  ENTRY_PROP_FAILED,
  ENTRY_N_PROPS
};

static GParamSpec *entry_properties[ENTRY_N_PROPS];

G_DEFINE_FINAL_TYPE (BerthCommandEntry, berth_command_entry, G_TYPE_OBJECT)

static void
berth_command_entry_finalize (GObject *object)
{
  BerthCommandEntry *self = BERTH_COMMAND_ENTRY (object);

  g_free (self->command);
  g_free (self->description);
  g_clear_pointer (&self->time, g_date_time_unref);

  G_OBJECT_CLASS (berth_command_entry_parent_class)->finalize (object);
}

static void
berth_command_entry_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BerthCommandEntry *self = BERTH_COMMAND_ENTRY (object);

  switch (prop_id)
    {
    case ENTRY_PROP_COMMAND:
      g_value_set_string (value, self->command);
      break;
    case ENTRY_PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case ENTRY_PROP_FAILED:
      g_value_set_boolean (value, self->failed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_command_entry_class_init (BerthCommandEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = berth_command_entry_finalize;
  object_class->get_property = berth_command_entry_get_property;

  entry_properties[ENTRY_PROP_COMMAND] =
    g_param_spec_string ("command", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  entry_properties[ENTRY_PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  entry_properties[ENTRY_PROP_FAILED] =
    g_param_spec_boolean ("failed", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, ENTRY_N_PROPS, entry_properties);
}

static void
berth_command_entry_init (BerthCommandEntry *self)
{
}

const char *
berth_command_entry_get_command (BerthCommandEntry *self)
{
  g_return_val_if_fail (BERTH_IS_COMMAND_ENTRY (self), NULL);
  return self->command;
}

const char *
berth_command_entry_get_description (BerthCommandEntry *self)
{
  g_return_val_if_fail (BERTH_IS_COMMAND_ENTRY (self), NULL);
  return self->description;
}

gboolean
berth_command_entry_get_failed (BerthCommandEntry *self)
{
  g_return_val_if_fail (BERTH_IS_COMMAND_ENTRY (self), FALSE);
  return self->failed;
}

GDateTime *
berth_command_entry_get_time (BerthCommandEntry *self)
{
  g_return_val_if_fail (BERTH_IS_COMMAND_ENTRY (self), NULL);
  return self->time;
}

struct _BerthCommandLog
{
  GObject     parent_instance;

  GListStore *entries;
};

static GType
log_get_item_type (GListModel *model)
{
  return BERTH_TYPE_COMMAND_ENTRY;
}

static guint
log_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (BERTH_COMMAND_LOG (model)->entries));
}

static gpointer
log_get_item (GListModel *model,
              guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (BERTH_COMMAND_LOG (model)->entries), position);
}

static void
log_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = log_get_item_type;
  iface->get_n_items = log_get_n_items;
  iface->get_item = log_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (BerthCommandLog, berth_command_log, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, log_list_model_iface_init))

static void
berth_command_log_dispose (GObject *object)
{
  BerthCommandLog *self = BERTH_COMMAND_LOG (object);

  g_clear_object (&self->entries);

  G_OBJECT_CLASS (berth_command_log_parent_class)->dispose (object);
}

static void
berth_command_log_class_init (BerthCommandLogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = berth_command_log_dispose;
}

static void
entries_changed_cb (BerthCommandLog *self,
                    guint            position,
                    guint            removed,
                    guint            added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
berth_command_log_init (BerthCommandLog *self)
{
  self->entries = g_list_store_new (BERTH_TYPE_COMMAND_ENTRY);
  g_signal_connect_object (self->entries, "items-changed", G_CALLBACK (entries_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

BerthCommandLog *
berth_command_log_new (void)
{
  return g_object_new (BERTH_TYPE_COMMAND_LOG, NULL);
}

/**
 * berth_command_log_add:
 * @command: the docker command line
 * @description: what it did, for people ("Stopped “web”")
 * @failed: whether the engine refused it
 */
void
berth_command_log_add (BerthCommandLog *self,
                       const char      *command,
                       const char      *description,
                       gboolean         failed)
{
  g_autoptr (BerthCommandEntry) entry = NULL;

  g_return_if_fail (BERTH_IS_COMMAND_LOG (self));
  g_return_if_fail (command != NULL);

  entry = g_object_new (BERTH_TYPE_COMMAND_ENTRY, NULL);
  entry->command = g_strdup (command);
  entry->description = g_strdup (description);
  entry->failed = failed;
  entry->time = g_date_time_new_now_local ();
  g_list_store_insert (self->entries, 0, entry);
}

/* Every command, oldest first, one per line: a script to replay them. */
char *
berth_command_log_to_text (BerthCommandLog *self)
{
  GString *out = g_string_new (NULL);
  guint n;

  g_return_val_if_fail (BERTH_IS_COMMAND_LOG (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));
  for (guint i = n; i > 0; i--)
    {
      g_autoptr (BerthCommandEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->entries), i - 1);

      if (!entry->failed)
        g_string_append_printf (out, "%s\n", entry->command);
    }

  return g_string_free (out, FALSE);
}
