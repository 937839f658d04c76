/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "berth-engine-error.h"
#include "berth-event-monitor.h"
#include "berth-json-private.h"
#include "berth-trace.h"

/* Reads the engine's /events stream line by line for as long as it lasts.
 * "opened" is emitted once the engine has accepted the stream (so lists
 * loaded after it cannot miss a change), "event" for each event and
 * "closed" when the stream ends, with the reason. */

G_DEFINE_BOXED_TYPE (BerthEvent, berth_event, berth_event_copy, berth_event_free)

void
berth_event_free (BerthEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->type);
  g_free (event->action);
  g_free (event->id);
  g_clear_pointer (&event->attributes, g_hash_table_unref);
  g_free (event);
}

BerthEvent *
berth_event_copy (const BerthEvent *event)
{
  BerthEvent *copy = g_new0 (BerthEvent, 1);

  copy->type = g_strdup (event->type);
  copy->action = g_strdup (event->action);
  copy->id = g_strdup (event->id);
  copy->attributes = g_hash_table_ref (event->attributes);
  copy->time_nano = event->time_nano;
  return copy;
}

const char *
berth_event_get_attribute (const BerthEvent *event,
                           const char       *name)
{
  return g_hash_table_lookup (event->attributes, name);
}

/**
 * berth_event_new_from_json:
 *
 * Returns: (transfer full): the event, or %NULL with @error set
 */
BerthEvent *
berth_event_new_from_json (JsonObject  *object,
                           GError     **error)
{
  g_autoptr (BerthEvent) event = g_new0 (BerthEvent, 1);
  const char *type = NULL, *action = NULL, *id = NULL;
  JsonObject *actor = NULL, *attributes = NULL;
  const char *colon;

  if (!_berth_json_get_string (object, "Type", BERTH_JSON_REQUIRED, &type, error) ||
      !_berth_json_get_string (object, "Action", BERTH_JSON_REQUIRED, &action, error) ||
      !_berth_json_get_object (object, "Actor", BERTH_JSON_OPTIONAL, &actor, error) ||
      !_berth_json_get_string (actor, "ID", BERTH_JSON_OPTIONAL, &id, error) ||
      !_berth_json_get_object (actor, "Attributes", BERTH_JSON_OPTIONAL, &attributes, error) ||
      !_berth_json_get_int (object, "timeNano", BERTH_JSON_OPTIONAL, &event->time_nano, error))
    return NULL;

  /* "exec_start: sh -c …" and "health_status: healthy" carry a detail. */
  colon = strchr (action, ':');
  event->type = g_strdup (type);
  event->action = colon ? g_strndup (action, colon - action) : g_strdup (action);
  event->id = g_strdup (id ? id : "");
  event->attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (attributes != NULL)
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *node;

      json_object_iter_init (&iter, attributes);
      while (json_object_iter_next (&iter, &key, &node))
        {
          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            g_hash_table_insert (event->attributes, g_strdup (key), g_strdup (json_node_get_string (node)));
        }
    }

  return g_steal_pointer (&event);
}

struct _BerthEventMonitor
{
  GObject           parent_instance;

  BerthEngine      *engine;
  GCancellable     *cancellable;
  GDataInputStream *input;
};

enum {
  OPENED,
  EVENT,
  CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BerthEventMonitor, berth_event_monitor, G_TYPE_OBJECT)

static void
berth_event_monitor_dispose (GObject *object)
{
  BerthEventMonitor *self = BERTH_EVENT_MONITOR (object);

  berth_event_monitor_stop (self);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (berth_event_monitor_parent_class)->dispose (object);
}

static void
berth_event_monitor_class_init (BerthEventMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = berth_event_monitor_dispose;

  signals[OPENED] =
    g_signal_new ("opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  BERTH_TYPE_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
  /**
   * BerthEventMonitor::closed:
   * @error: why the stream ended
   */
  signals[CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
berth_event_monitor_init (BerthEventMonitor *self)
{
}

BerthEventMonitor *
berth_event_monitor_new (BerthEngine *engine)
{
  BerthEventMonitor *self;

  g_return_val_if_fail (BERTH_IS_ENGINE (engine), NULL);

  self = g_object_new (BERTH_TYPE_EVENT_MONITOR, NULL);
  self->engine = g_object_ref (engine);
  return self;
}

gboolean
berth_event_monitor_get_running (BerthEventMonitor *self)
{
  g_return_val_if_fail (BERTH_IS_EVENT_MONITOR (self), FALSE);
  return self->cancellable != NULL;
}

static void
close_with (BerthEventMonitor *self,
            GError            *error)
{
  g_clear_object (&self->input);
  g_clear_object (&self->cancellable);
  g_signal_emit (self, signals[CLOSED], 0, error);
}

static void
handle_line (BerthEventMonitor *self,
             const char        *line,
             gsize              length)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (BerthEvent) event = NULL;
  g_autoptr (GError) error = NULL;
  JsonNode *root;

  if (length == 0)
    return;

  if (!json_parser_load_from_data (parser, line, length, &error) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_debug ("Ignoring an event line that is not a JSON object: %s",
               error ? error->message : line);
      return;
    }

  event = berth_event_new_from_json (json_node_get_object (root), &error);
  if (event == NULL)
    {
      g_debug ("Ignoring an unusable event: %s", error->message);
      return;
    }

  berth_trace_mark ("event", "%s %s %s %" G_GINT64_FORMAT,
                    event->type, event->action, event->id, event->time_nano);
  g_signal_emit (self, signals[EVENT], 0, event);
}

static void read_next (BerthEventMonitor *self);

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (BerthEventMonitor) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;
  gsize length = 0;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, &length, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (line == NULL)
    {
      if (error == NULL)
        error = g_error_new (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONNECTION,
                             _("The engine at %s closed its event stream"),
                             berth_endpoint_get_address (berth_engine_get_endpoint (self->engine)));
      else if (error->domain != BERTH_ENGINE_ERROR)
        {
          GError *wrapped = g_error_new (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONNECTION,
                                         _("Lost the engine at %s: %s"),
                                         berth_endpoint_get_address (berth_engine_get_endpoint (self->engine)),
                                         error->message);
          g_clear_error (&error);
          error = wrapped;
        }
      close_with (self, error);
      return;
    }

  handle_line (self, line, length);
  if (self->input != NULL)
    read_next (self);
}

static void
read_next (BerthEventMonitor *self)
{
  g_data_input_stream_read_line_async (self->input, G_PRIORITY_DEFAULT, self->cancellable,
                                       read_line_cb, g_object_ref (self));
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (BerthEventMonitor) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GInputStream) stream = NULL;

  stream = berth_engine_send_finish (BERTH_ENGINE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (stream == NULL)
    {
      close_with (self, error);
      return;
    }

  self->input = g_data_input_stream_new (stream);
  g_data_input_stream_set_newline_type (self->input, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  g_signal_emit (self, signals[OPENED], 0);
  if (self->input != NULL)
    read_next (self);
}

/**
 * berth_event_monitor_start:
 *
 * Opens the event stream, unless it is open already.
 */
void
berth_event_monitor_start (BerthEventMonitor *self)
{
  g_autoptr (SoupMessage) message = NULL;
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;

  g_return_if_fail (BERTH_IS_EVENT_MONITOR (self));

  if (self->cancellable != NULL)
    return;

  escaped = g_uri_escape_string ("{\"type\":[\"container\",\"image\",\"volume\",\"network\"]}", NULL, FALSE);
  path = g_strconcat ("/events?filters=", escaped, NULL);
  message = berth_engine_new_message (self->engine, SOUP_METHOD_GET, path);

  self->cancellable = g_cancellable_new ();
  berth_engine_send_async (self->engine, message, self->cancellable, send_cb, g_object_ref (self));
}

/* Closes the stream without emitting "closed". */
void
berth_event_monitor_stop (BerthEventMonitor *self)
{
  g_return_if_fail (BERTH_IS_EVENT_MONITOR (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->input);
}
