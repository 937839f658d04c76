/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-engine-enums.h"
#include "berth-engine-error.h"
#include "berth-json-private.h"
#include "berth-log-stream.h"

/* A container's log, read as it arrives and never held whole: each read is
 * decoded (framing, timestamps, lines), handed on in "output" and "lines",
 * and dropped. In follow mode the engine ends the stream when the container
 * stops; the object then looks at the container and says why it ended, so
 * the page can mark the gap and resume from the last timestamp.
 *
 * Pending operations hold no reference: dropping the object cancels them,
 * and their callbacks return on G_IO_ERROR_CANCELLED before touching it. */

#define READ_SIZE (64 * 1024)
/* Read without waiting up to this much before handing it on. */
#define BATCH_SIZE (256 * 1024)
/* Below redraws and input: a flood of log output must not freeze a window. */
#define READ_PRIORITY G_PRIORITY_DEFAULT_IDLE

struct _BerthLogStream
{
  GObject           parent_instance;

  BerthEngine      *engine;
  char             *container_id;

  /* Options */
  gboolean          follow;
  gboolean          timestamps;
  gint64            tail;
  gint64            since;
  int               tty;                /* -1 until known */

  /* While running */
  GCancellable     *cancellable;
  GInputStream     *input;
  BerthLogDecoder  *decoder;
  GError           *read_error;

  /* Across runs */
  char             *resume_since;
  char             *last_timestamp;
  gint64            opened_at;          /* wall clock seconds */
  gboolean          container_running;
  guint64           bytes_read;
  guint8           *buffer;             /* for reads that do not wait */
};

enum {
  PROP_0,
  PROP_FOLLOW,
  PROP_TIMESTAMPS,
  PROP_TAIL,
  PROP_SINCE,
  PROP_RUNNING,
  N_PROPS
};

enum {
  OPENED,
  OUTPUT,
  LINES,
  ENDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BerthLogStream, berth_log_stream, G_TYPE_OBJECT)

static void
clear_run (BerthLogStream *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->input);
  g_clear_pointer (&self->decoder, berth_log_decoder_free);
  g_clear_error (&self->read_error);
}

static void
berth_log_stream_dispose (GObject *object)
{
  BerthLogStream *self = BERTH_LOG_STREAM (object);

  clear_run (self);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (berth_log_stream_parent_class)->dispose (object);
}

static void
berth_log_stream_finalize (GObject *object)
{
  BerthLogStream *self = BERTH_LOG_STREAM (object);

  g_free (self->container_id);
  g_free (self->resume_since);
  g_free (self->last_timestamp);
  g_free (self->buffer);

  G_OBJECT_CLASS (berth_log_stream_parent_class)->finalize (object);
}

static void
berth_log_stream_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BerthLogStream *self = BERTH_LOG_STREAM (object);

  switch (prop_id)
    {
    case PROP_FOLLOW:
      g_value_set_boolean (value, self->follow);
      break;
    case PROP_TIMESTAMPS:
      g_value_set_boolean (value, self->timestamps);
      break;
    case PROP_TAIL:
      g_value_set_int64 (value, self->tail);
      break;
    case PROP_SINCE:
      g_value_set_int64 (value, self->since);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_log_stream_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BerthLogStream *self = BERTH_LOG_STREAM (object);

  switch (prop_id)
    {
    case PROP_FOLLOW:
      berth_log_stream_set_follow (self, g_value_get_boolean (value));
      break;
    case PROP_TIMESTAMPS:
      berth_log_stream_set_timestamps (self, g_value_get_boolean (value));
      break;
    case PROP_TAIL:
      berth_log_stream_set_tail (self, g_value_get_int64 (value));
      break;
    case PROP_SINCE:
      berth_log_stream_set_since (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_log_stream_class_init (BerthLogStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = berth_log_stream_dispose;
  object_class->finalize = berth_log_stream_finalize;
  object_class->get_property = berth_log_stream_get_property;
  object_class->set_property = berth_log_stream_set_property;

  properties[PROP_FOLLOW] = g_param_spec_boolean ("follow", NULL, NULL, TRUE, flags);
  properties[PROP_TIMESTAMPS] = g_param_spec_boolean ("timestamps", NULL, NULL, FALSE, flags);
  properties[PROP_TAIL] = g_param_spec_int64 ("tail", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_SINCE] = g_param_spec_int64 ("since", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BerthLogStream::opened:
   *
   * The engine accepted the request; output follows.
   */
  signals[OPENED] =
    g_signal_new ("opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * BerthLogStream::output:
   * @stream: stdout or stderr
   * @data: the bytes, as `docker logs` would print them
   */
  signals[OUTPUT] =
    g_signal_new ("output", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  BERTH_TYPE_STREAM_TYPE, G_TYPE_BYTES);
  /**
   * BerthLogStream::lines:
   * @lines: (element-type BerthLogLine): the lines completed by the last read
   *
   * Only emitted when a handler was connected before the stream started.
   */
  signals[LINES] =
    g_signal_new ("lines", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_PTR_ARRAY | G_SIGNAL_TYPE_STATIC_SCOPE);
  /**
   * BerthLogStream::ended:
   * @reason: why
   * @error: (nullable): what went wrong, for %BERTH_STREAM_END_FAILED and
   *   %BERTH_STREAM_END_CONTAINER_REMOVED
   */
  signals[ENDED] =
    g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  BERTH_TYPE_STREAM_END, G_TYPE_ERROR);
}

static void
berth_log_stream_init (BerthLogStream *self)
{
  self->follow = TRUE;
  self->tail = -1;
  self->tty = -1;
}

/**
 * berth_log_stream_new:
 * @container_id: the container's id or name
 *
 * Returns: (transfer full): a stream, not started; by default it follows
 *   and gives all of the log without timestamps
 */
BerthLogStream *
berth_log_stream_new (BerthEngine *engine,
                      const char  *container_id)
{
  BerthLogStream *self;

  g_return_val_if_fail (BERTH_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (container_id != NULL && *container_id != '\0', NULL);

  self = g_object_new (BERTH_TYPE_LOG_STREAM, NULL);
  self->engine = g_object_ref (engine);
  self->container_id = g_strdup (container_id);
  return self;
}

const char *
berth_log_stream_get_container_id (BerthLogStream *self)
{
  g_return_val_if_fail (BERTH_IS_LOG_STREAM (self), NULL);
  return self->container_id;
}

gboolean
berth_log_stream_get_follow (BerthLogStream *self)
{
  g_return_val_if_fail (BERTH_IS_LOG_STREAM (self), FALSE);
  return self->follow;
}

/* Takes effect at the next start. */
void
berth_log_stream_set_follow (BerthLogStream *self,
                             gboolean        follow)
{
  g_return_if_fail (BERTH_IS_LOG_STREAM (self));

  follow = !!follow;
  if (self->follow == follow)
    return;
  self->follow = follow;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW]);
}

gboolean
berth_log_stream_get_timestamps (BerthLogStream *self)
{
  g_return_val_if_fail (BERTH_IS_LOG_STREAM (self), FALSE);
  return self->timestamps;
}

/* Whether "output" keeps the engine's timestamp before each message
 * (`docker logs -t`). Lines always carry it in their own field. */
void
berth_log_stream_set_timestamps (BerthLogStream *self,
                                 gboolean        timestamps)
{
  g_return_if_fail (BERTH_IS_LOG_STREAM (self));

  timestamps = !!timestamps;
  if (self->timestamps == timestamps)
    return;
  self->timestamps = timestamps;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMESTAMPS]);
}

gint64
berth_log_stream_get_tail (BerthLogStream *self)
{
  g_return_val_if_fail (BERTH_IS_LOG_STREAM (self), -1);
  return self->tail;
}

/* The number of lines to give from the end of the log; -1 for all. */
void
berth_log_stream_set_tail (BerthLogStream *self,
                           gint64          tail)
{
  g_return_if_fail (BERTH_IS_LOG_STREAM (self));
  g_return_if_fail (tail >= -1);

  if (self->tail == tail)
    return;
  self->tail = tail;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAIL]);
}

gint64
berth_log_stream_get_since (BerthLogStream *self)
{
  g_return_val_if_fail (BERTH_IS_LOG_STREAM (self), 0);
  return self->since;
}

/* Only messages from @since on (Unix time in seconds); 0 for all. */
void
berth_log_stream_set_since (BerthLogStream *self,
                            gint64          since)
{
  g_return_if_fail (BERTH_IS_LOG_STREAM (self));
  g_return_if_fail (since >= 0);

  if (self->since == since)
    return;
  self->since = since;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SINCE]);
}

/* Saves looking at the container when the caller knows whether it has a
 * TTY (Config.Tty); without it the stream inspects the container first. */
void
berth_log_stream_set_tty (BerthLogStream *self,
                          gboolean        tty)
{
  g_return_if_fail (BERTH_IS_LOG_STREAM (self));
  self->tty = !!tty;
}

/* Whether the container has a TTY: known once "opened" was emitted. */
gboolean
berth_log_stream_get_tty (BerthLogStream *self)
{
  g_return_val_if_fail (BERTH_IS_LOG_STREAM (self), FALSE);
  return self->tty == 1;
}

gboolean
berth_log_stream_get_running (BerthLogStream *self)
{
  g_return_val_if_fail (BERTH_IS_LOG_STREAM (self), FALSE);
  return self->cancellable != NULL;
}

/* After "ended" in follow mode: whether the container was running again
 * when the stream ended (it restarted), so the page can resume at once. */
gboolean
berth_log_stream_get_container_running (BerthLogStream *self)
{
  g_return_val_if_fail (BERTH_IS_LOG_STREAM (self), FALSE);
  return self->container_running;
}

/**
 * berth_log_stream_get_last_timestamp:
 *
 * Returns: (nullable): the engine's timestamp of the last message read
 */
const char *
berth_log_stream_get_last_timestamp (BerthLogStream *self)
{
  g_return_val_if_fail (BERTH_IS_LOG_STREAM (self), NULL);
  return self->last_timestamp;
}

/* Body bytes read over all runs, framing included. */
guint64
berth_log_stream_get_bytes_read (BerthLogStream *self)
{
  g_return_val_if_fail (BERTH_IS_LOG_STREAM (self), 0);
  return self->bytes_read;
}

/* Ending ------------------------------------------------------------------- */

static void
end (BerthLogStream *self,
     BerthStreamEnd  reason,
     const GError   *error)
{
  g_object_ref (self);
  clear_run (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[ENDED], 0, reason, error);
  g_object_unref (self);
}

static GError *
removed_error (BerthLogStream *self)
{
  return g_error_new (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND,
                      _("The container %s no longer exists"), self->container_id);
}

static void
end_with_inspect_error (BerthLogStream *self,
                        GError         *error)
{
  if (g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND))
    {
      g_autoptr (GError) removed = removed_error (self);

      end (self, BERTH_STREAM_END_CONTAINER_REMOVED, removed);
    }
  else
    end (self, BERTH_STREAM_END_FAILED, error);
}

/* Reads State.Running and Config.Tty from an inspect answer. */
static gboolean
read_container (JsonNode  *root,
                gboolean  *running,
                gboolean  *tty,
                GError   **error)
{
  JsonObject *object = NULL, *state = NULL, *config = NULL;

  if (!_berth_json_node_object (root, "container", &object, error) ||
      !_berth_json_get_object (object, "State", BERTH_JSON_OPTIONAL, &state, error) ||
      !_berth_json_get_object (object, "Config", BERTH_JSON_OPTIONAL, &config, error) ||
      (state && !_berth_json_get_boolean (state, "Running", running, error)) ||
      (config && !_berth_json_get_boolean (config, "Tty", tty, error)))
    return FALSE;
  return TRUE;
}

static void
check_container_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  BerthLogStream *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  gboolean running = FALSE, tty = FALSE;

  root = berth_engine_get_json_finish (BERTH_ENGINE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (root == NULL || !read_container (root, &running, &tty, &error))
    {
      /* The engine going away explains a read error better than the
       * inspect that followed it. */
      if (self->read_error != NULL && !g_error_matches (error, BERTH_ENGINE_ERROR,
                                                        BERTH_ENGINE_ERROR_NOT_FOUND))
        end (self, BERTH_STREAM_END_FAILED, self->read_error);
      else
        end_with_inspect_error (self, error);
      return;
    }

  self->container_running = running;
  if (self->read_error != NULL)
    end (self, BERTH_STREAM_END_FAILED, self->read_error);
  else
    end (self, BERTH_STREAM_END_CONTAINER_STOPPED, NULL);
}

static char *
container_path (BerthLogStream *self,
                const char     *suffix)
{
  g_autofree char *escaped = berth_engine_escape (self->container_id);

  return g_strconcat ("/containers/", escaped, suffix, NULL);
}

/* A followed stream ended: find out why before saying so. */
static void
check_container (BerthLogStream *self)
{
  g_autofree char *path = container_path (self, "/json");

  berth_engine_get_json_async (self->engine, path, self->cancellable,
                               check_container_cb, self);
}

/* Reading ------------------------------------------------------------------ */

static void
deliver (BerthLogStream *self)
{
  g_autoptr (GPtrArray) output = NULL;
  g_autoptr (GPtrArray) lines = NULL;
  GCancellable *run = self->cancellable;
  const char *last;

  if (!berth_log_decoder_has_output (self->decoder))
    return;

  output = berth_log_decoder_take_output (self->decoder);
  lines = berth_log_decoder_take_lines (self->decoder);
  last = berth_log_decoder_get_last_timestamp (self->decoder);
  if (last != NULL && g_strcmp0 (last, self->last_timestamp) != 0)
    {
      g_free (self->last_timestamp);
      self->last_timestamp = g_strdup (last);
    }

  /* A handler may stop the stream: stop delivering when it does. */
  for (guint i = 0; i < output->len && self->cancellable == run; i++)
    {
      BerthOutputChunk *chunk = g_ptr_array_index (output, i);

      g_signal_emit (self, signals[OUTPUT], 0, chunk->stream, chunk->data);
    }

  if (lines->len > 0 && self->cancellable == run)
    g_signal_emit (self, signals[LINES], 0, lines);
}

static void
stream_done (BerthLogStream *self)
{
  g_autoptr (GError) error = NULL;

  if (!berth_log_decoder_finish (self->decoder, &error) && self->read_error == NULL)
    self->read_error = g_steal_pointer (&error);
  deliver (self);
  if (self->cancellable == NULL)
    return;

  if (self->follow)
    check_container (self);
  else if (self->read_error != NULL)
    end (self, BERTH_STREAM_END_FAILED, self->read_error);
  else
    end (self, BERTH_STREAM_END_COMPLETE, NULL);
}

static void read_next (BerthLogStream *self);

static gboolean
feed (BerthLogStream  *self,
      const guint8    *data,
      gsize            length,
      GError         **error)
{
  self->bytes_read += length;
  return berth_log_decoder_feed (self->decoder, data, length, error);
}

/* Reads on while the engine has more, without a trip through the main
 * loop: with chunked encoding each log line is a read of its own, and a
 * million lines would be a million iterations. Returns FALSE at the end of
 * the stream (with self->read_error set if it broke). */
static gboolean
drain (BerthLogStream  *self,
       GError         **decode_error)
{
  GPollableInputStream *pollable;
  gsize total = 0;

  if (!G_IS_POLLABLE_INPUT_STREAM (self->input) ||
      !g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (self->input)))
    return TRUE;

  pollable = G_POLLABLE_INPUT_STREAM (self->input);
  if (self->buffer == NULL)
    self->buffer = g_malloc (READ_SIZE);

  while (total < BATCH_SIZE)
    {
      g_autoptr (GError) error = NULL;
      gssize n = g_pollable_input_stream_read_nonblocking (pollable, self->buffer, READ_SIZE,
                                                           NULL, &error);

      if (n > 0)
        {
          total += n;
          if (!feed (self, self->buffer, n, decode_error))
            return TRUE;
        }
      else if (n == 0)
        return FALSE;
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return TRUE;
      else
        {
          self->read_error = g_error_new (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONNECTION,
                                          _("Lost the engine while reading the log: %s"),
                                          error->message);
          return FALSE;
        }
    }

  return TRUE;
}

static void
handle_read (BerthLogStream *self,
             GBytes         *bytes,
             GError         *error)
{
  g_autoptr (GError) decode_error = NULL;
  gboolean more = FALSE;

  if (bytes == NULL)
    self->read_error = g_error_new (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONNECTION,
                                    _("Lost the engine while reading the log: %s"),
                                    error->message);
  else if (g_bytes_get_size (bytes) > 0 &&
           feed (self, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &decode_error))
    more = drain (self, &decode_error);

  if (decode_error != NULL)
    {
      deliver (self);
      if (self->cancellable != NULL)
        end (self, BERTH_STREAM_END_FAILED, decode_error);
      return;
    }

  if (!more)
    {
      stream_done (self);
      return;
    }

  deliver (self);
  if (self->cancellable != NULL)
    read_next (self);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  BerthLogStream *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Handlers may drop the last reference: keep the object until done. */
  g_object_ref (self);
  handle_read (self, bytes, error);
  g_object_unref (self);
}

static void
read_next (BerthLogStream *self)
{
  g_input_stream_read_bytes_async (self->input, READ_SIZE, READ_PRIORITY,
                                   self->cancellable, read_cb, self);
}

/* Opening ------------------------------------------------------------------ */

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  BerthLogStream *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GInputStream) input = NULL;
  BerthLogDecoderFlags flags = BERTH_LOG_DECODER_NONE;

  input = berth_engine_send_finish (BERTH_ENGINE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (input == NULL)
    {
      end_with_inspect_error (self, error);
      return;
    }

  if (self->follow || self->timestamps)
    flags |= BERTH_LOG_DECODER_TIMESTAMPS;
  if (self->timestamps)
    flags |= BERTH_LOG_DECODER_KEEP_TIMESTAMPS;
  if (g_signal_has_handler_pending (self, signals[LINES], 0, TRUE))
    flags |= BERTH_LOG_DECODER_LINES;

  self->input = g_steal_pointer (&input);
  self->decoder = berth_log_decoder_new (self->tty == 1, flags);
  self->opened_at = g_get_real_time () / G_USEC_PER_SEC;
  g_object_ref (self);
  g_signal_emit (self, signals[OPENED], 0);
  if (self->input != NULL)
    read_next (self);
  g_object_unref (self);
}

static char *
logs_path (BerthLogStream *self)
{
  g_autoptr (GString) path = g_string_new (NULL);
  g_autofree char *base = container_path (self, "/logs?stdout=1&stderr=1");

  g_string_append (path, base);
  if (self->follow)
    g_string_append (path, "&follow=1");
  /* Following always asks for timestamps, to know where to resume. */
  if (self->follow || self->timestamps)
    g_string_append (path, "&timestamps=1");

  if (self->resume_since != NULL)
    g_string_append_printf (path, "&tail=all&since=%s", self->resume_since);
  else
    {
      if (self->tail >= 0)
        g_string_append_printf (path, "&tail=%" G_GINT64_FORMAT, self->tail);
      if (self->since > 0)
        g_string_append_printf (path, "&since=%" G_GINT64_FORMAT, self->since);
    }

  return g_string_free (g_steal_pointer (&path), FALSE);
}

static void
open_stream (BerthLogStream *self)
{
  g_autoptr (SoupMessage) message = NULL;
  g_autofree char *path = logs_path (self);

  message = berth_engine_new_message (self->engine, SOUP_METHOD_GET, path);
  berth_engine_send_async (self->engine, message, self->cancellable, send_cb, self);
}

static void
inspect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  BerthLogStream *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  gboolean running = FALSE, tty = FALSE;

  root = berth_engine_get_json_finish (BERTH_ENGINE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (root == NULL || !read_container (root, &running, &tty, &error))
    {
      end_with_inspect_error (self, error);
      return;
    }

  self->tty = tty;
  self->container_running = running;
  open_stream (self);
}

static void
run (BerthLogStream *self)
{
  self->cancellable = g_cancellable_new ();
  self->container_running = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  if (self->tty < 0)
    {
      g_autofree char *path = container_path (self, "/json");

      berth_engine_get_json_async (self->engine, path, self->cancellable, inspect_cb, self);
    }
  else
    open_stream (self);
}

/**
 * berth_log_stream_start:
 *
 * Opens the log with the current options. Output arrives in "output" (and
 * "lines"); "ended" says when and why it stopped.
 */
void
berth_log_stream_start (BerthLogStream *self)
{
  g_return_if_fail (BERTH_IS_LOG_STREAM (self));
  g_return_if_fail (self->cancellable == NULL);

  g_clear_pointer (&self->resume_since, g_free);
  run (self);
}

/**
 * berth_log_stream_resume:
 *
 * After "ended" (the container stopped or restarted, the engine came
 * back): opens the log again from just after the last message read, so
 * nothing is repeated and nothing is lost.
 */
void
berth_log_stream_resume (BerthLogStream *self)
{
  g_return_if_fail (BERTH_IS_LOG_STREAM (self));
  g_return_if_fail (self->cancellable == NULL);

  g_clear_pointer (&self->resume_since, g_free);
  if (self->last_timestamp != NULL)
    self->resume_since = berth_log_timestamp_to_since (self->last_timestamp, TRUE);
  if (self->resume_since == NULL && self->opened_at > 0)
    self->resume_since = g_strdup_printf ("%" G_GINT64_FORMAT, self->opened_at);
  run (self);
}

/* Closes the stream without emitting "ended". */
void
berth_log_stream_stop (BerthLogStream *self)
{
  g_return_if_fail (BERTH_IS_LOG_STREAM (self));

  if (self->cancellable == NULL)
    return;

  clear_run (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}
