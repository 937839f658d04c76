/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "berth-endpoint.h"
#include "berth-engine-enums.h"
#include "berth-engine-error.h"
#include "berth-exec-session.h"
#include "berth-json-private.h"

/* `docker exec -it` and `docker attach` through the engine API. The engine
 * answers the start request with "101 UPGRADED" and then uses the HTTP
 * connection as a raw, two-way byte stream. libsoup 3 cannot hand such a
 * connection over, so the request is written by hand on a socket of our
 * own, the answer's head is parsed with soup_headers_parse_response(), and
 * whatever followed the head is the first output.
 *
 * Output is read in a loop and handed on in "output" (raw with a TTY,
 * demultiplexed without); input is queued and written in order; the
 * terminal size is set with the resize endpoint; stdin is closed by
 * shutting the socket down for writing. When the output ends the engine is
 * asked how it ended: the exit code, whether the container still runs or
 * exists. That is "ended", always, once: never a hang.
 *
 * After the start, pending operations hold no reference: dropping the
 * object cancels them, and their callbacks return on G_IO_ERROR_CANCELLED
 * before touching it. */

#define READ_SIZE        (64 * 1024)
#define MAX_HEAD         (64 * 1024)   /* the answer's status line and headers */
#define MAX_ERROR_BODY   (64 * 1024)
#define KEPT_OUTPUT      1024          /* to explain an exec that never started */
#define POLL_MS          25            /* the engine records the exit a moment after EOF */
#define POLL_TRIES       40
#define RESIZE_TRIES     10

typedef enum
{
  STATE_NEW,
  STATE_STARTING,
  STATE_RUNNING,
  STATE_ENDING,
  STATE_ENDED,
} State;

struct _BerthExecSession
{
  GObject            parent_instance;

  BerthEngine       *engine;
  char              *container_id;
  gboolean           attach;

  /* Options */
  char             **argv;
  char              *user;
  char              *working_dir;
  char             **env;
  gboolean           tty;
  char              *detach_keys;
  guint              rows;
  guint              columns;

  /* The session */
  State              state;
  char              *exec_id;
  GCancellable      *cancellable;
  GIOStream         *connection;
  BerthLogDecoder   *decoder;
  GString           *kept_output;
  GQueue             writes;          /* of GBytes */
  gboolean           writing;
  gboolean           close_stdin;     /* half-close once the queue is written */
  GError            *read_error;
  int                exit_code;
  gint64             exec_pid;
  guint              poll_id;
  guint              polls;

  /* Resizing */
  GPtrArray         *resize_tasks;    /* waiting for the latest size */
  gboolean           resizing;        /* a request is out */
  guint              resize_retry_id;
  guint              resize_tries;
  guint              sent_rows;
  guint              sent_columns;
  guint              applied_rows;
  guint              applied_columns;
};

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

enum {
  OUTPUT,
  ENDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BerthExecSession, berth_exec_session, G_TYPE_OBJECT)

static void
clear_session (BerthExecSession *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->connection);
  g_clear_pointer (&self->decoder, berth_log_decoder_free);
  g_queue_clear_full (&self->writes, (GDestroyNotify) g_bytes_unref);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_handle_id (&self->resize_retry_id, g_source_remove);
  self->writing = FALSE;
}

static void complete_resizes (BerthExecSession *self,
                              const GError     *error);

static void
berth_exec_session_dispose (GObject *object)
{
  BerthExecSession *self = BERTH_EXEC_SESSION (object);

  clear_session (self);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (berth_exec_session_parent_class)->dispose (object);
}

static void
berth_exec_session_finalize (GObject *object)
{
  BerthExecSession *self = BERTH_EXEC_SESSION (object);

  g_free (self->container_id);
  g_strfreev (self->argv);
  g_free (self->user);
  g_free (self->working_dir);
  g_strfreev (self->env);
  g_free (self->detach_keys);
  g_free (self->exec_id);
  g_string_free (self->kept_output, TRUE);
  g_ptr_array_unref (self->resize_tasks);
  g_clear_error (&self->read_error);

  G_OBJECT_CLASS (berth_exec_session_parent_class)->finalize (object);
}

static void
berth_exec_session_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BerthExecSession *self = BERTH_EXEC_SESSION (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, berth_exec_session_get_running (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_exec_session_class_init (BerthExecSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = berth_exec_session_dispose;
  object_class->finalize = berth_exec_session_finalize;
  object_class->get_property = berth_exec_session_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BerthExecSession::output:
   * @stream: stdout, stderr (without a TTY) or system (the engine's own text)
   * @data: the bytes
   */
  signals[OUTPUT] =
    g_signal_new ("output", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  BERTH_TYPE_STREAM_TYPE, G_TYPE_BYTES);
  /**
   * BerthExecSession::ended:
   * @reason: COMPLETE (the command exited), CONTAINER_STOPPED,
   *   CONTAINER_REMOVED, DETACHED (attach only) or FAILED
   * @exit_code: the command's (exec) or the container's (attach) exit
   *   code, or -1 when unknown
   * @error: (nullable): what went wrong
   *
   * Emitted once when a started session is over, unless it was closed
   * with berth_exec_session_close().
   */
  signals[ENDED] =
    g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  BERTH_TYPE_STREAM_END, G_TYPE_INT, G_TYPE_ERROR);
}

static void
berth_exec_session_init (BerthExecSession *self)
{
  self->tty = TRUE;
  self->exit_code = -1;
  self->kept_output = g_string_new (NULL);
  self->resize_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_queue_init (&self->writes);
}

/**
 * berth_exec_session_new:
 * @container_id: the container's id or name
 * @argv: the command, e.g. {"/bin/sh", NULL}
 *
 * Returns: (transfer full): a session, not started; with a TTY by default
 */
BerthExecSession *
berth_exec_session_new (BerthEngine        *engine,
                        const char         *container_id,
                        const char * const *argv)
{
  BerthExecSession *self;

  g_return_val_if_fail (BERTH_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (container_id != NULL && *container_id != '\0', NULL);
  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);

  self = g_object_new (BERTH_TYPE_EXEC_SESSION, NULL);
  self->engine = g_object_ref (engine);
  self->container_id = g_strdup (container_id);
  self->argv = g_strdupv ((char **) argv);
  return self;
}

/**
 * berth_exec_session_new_attach:
 *
 * Returns: (transfer full): a session attached to the container's main
 *   process (`docker attach`); it has a TTY if the container has one
 */
BerthExecSession *
berth_exec_session_new_attach (BerthEngine *engine,
                               const char  *container_id)
{
  BerthExecSession *self;

  g_return_val_if_fail (BERTH_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (container_id != NULL && *container_id != '\0', NULL);

  self = g_object_new (BERTH_TYPE_EXEC_SESSION, NULL);
  self->engine = g_object_ref (engine);
  self->container_id = g_strdup (container_id);
  self->attach = TRUE;
  return self;
}

const char *
berth_exec_session_get_container_id (BerthExecSession *self)
{
  g_return_val_if_fail (BERTH_IS_EXEC_SESSION (self), NULL);
  return self->container_id;
}

gboolean
berth_exec_session_get_attach (BerthExecSession *self)
{
  g_return_val_if_fail (BERTH_IS_EXEC_SESSION (self), FALSE);
  return self->attach;
}

/**
 * berth_exec_session_get_exec_id:
 *
 * Returns: (nullable): the engine's id of the exec, once started
 */
const char *
berth_exec_session_get_exec_id (BerthExecSession *self)
{
  g_return_val_if_fail (BERTH_IS_EXEC_SESSION (self), NULL);
  return self->exec_id;
}

/* `-u`: a user name or uid[:gid]; %NULL for the container's user. */
void
berth_exec_session_set_user (BerthExecSession *self,
                             const char       *user)
{
  g_return_if_fail (BERTH_IS_EXEC_SESSION (self));
  g_return_if_fail (self->state == STATE_NEW);

  g_free (self->user);
  self->user = user && *user ? g_strdup (user) : NULL;
}

/* `-w`: %NULL for the container's working directory. */
void
berth_exec_session_set_working_dir (BerthExecSession *self,
                                    const char       *working_dir)
{
  g_return_if_fail (BERTH_IS_EXEC_SESSION (self));
  g_return_if_fail (self->state == STATE_NEW);

  g_free (self->working_dir);
  self->working_dir = working_dir && *working_dir ? g_strdup (working_dir) : NULL;
}

/* `-e`: "NAME=value" entries added to the container's environment. */
void
berth_exec_session_set_env (BerthExecSession   *self,
                            const char * const *env)
{
  g_return_if_fail (BERTH_IS_EXEC_SESSION (self));
  g_return_if_fail (self->state == STATE_NEW);

  g_strfreev (self->env);
  self->env = env && env[0] ? g_strdupv ((char **) env) : NULL;
}

/* `-t` for exec; an attach session takes the container's setting. */
void
berth_exec_session_set_tty (BerthExecSession *self,
                            gboolean          tty)
{
  g_return_if_fail (BERTH_IS_EXEC_SESSION (self));
  g_return_if_fail (self->state == STATE_NEW);
  g_return_if_fail (!self->attach);

  self->tty = !!tty;
}

/* Whether output is raw terminal output; for attach, known once started. */
gboolean
berth_exec_session_get_tty (BerthExecSession *self)
{
  g_return_val_if_fail (BERTH_IS_EXEC_SESSION (self), FALSE);
  return self->tty;
}

/* `--detach-keys`, e.g. "ctrl-p,ctrl-q" (the engine's default). */
void
berth_exec_session_set_detach_keys (BerthExecSession *self,
                                    const char       *detach_keys)
{
  g_return_if_fail (BERTH_IS_EXEC_SESSION (self));
  g_return_if_fail (self->state == STATE_NEW);

  g_free (self->detach_keys);
  self->detach_keys = detach_keys && *detach_keys ? g_strdup (detach_keys) : NULL;
}

/* The terminal size to start with; later, berth_exec_session_resize_async(). */
void
berth_exec_session_set_size (BerthExecSession *self,
                             guint             rows,
                             guint             columns)
{
  g_return_if_fail (BERTH_IS_EXEC_SESSION (self));

  self->rows = rows;
  self->columns = columns;
}

/**
 * berth_exec_session_dup_cli_argv:
 *
 * Returns: (transfer full): the equivalent docker command, e.g.
 *   {"docker", "exec", "-it", "-u", "root", "web", "/bin/sh", NULL}
 */
char **
berth_exec_session_dup_cli_argv (BerthExecSession *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (BERTH_IS_EXEC_SESSION (self), NULL);

  g_strv_builder_add (builder, "docker");
  if (self->attach)
    {
      g_strv_builder_add (builder, "attach");
      if (self->detach_keys)
        g_strv_builder_add_many (builder, "--detach-keys", self->detach_keys, NULL);
      g_strv_builder_add (builder, self->container_id);
      return g_strv_builder_end (builder);
    }

  g_strv_builder_add_many (builder, "exec", self->tty ? "-it" : "-i", NULL);
  if (self->user)
    g_strv_builder_add_many (builder, "-u", self->user, NULL);
  if (self->working_dir)
    g_strv_builder_add_many (builder, "-w", self->working_dir, NULL);
  for (guint i = 0; self->env && self->env[i]; i++)
    g_strv_builder_add_many (builder, "-e", self->env[i], NULL);
  if (self->detach_keys)
    g_strv_builder_add_many (builder, "--detach-keys", self->detach_keys, NULL);
  g_strv_builder_add (builder, self->container_id);
  g_strv_builder_addv (builder, (const char **) self->argv);
  return g_strv_builder_end (builder);
}

/* Whether the session is connected (started and not ended). */
gboolean
berth_exec_session_get_running (BerthExecSession *self)
{
  g_return_val_if_fail (BERTH_IS_EXEC_SESSION (self), FALSE);
  return self->state == STATE_RUNNING || self->state == STATE_ENDING;
}

/* The exit code given with "ended", -1 when unknown. */
int
berth_exec_session_get_exit_code (BerthExecSession *self)
{
  g_return_val_if_fail (BERTH_IS_EXEC_SESSION (self), -1);
  return self->exit_code;
}

static char *
container_path (BerthExecSession *self,
                const char       *suffix)
{
  g_autofree char *escaped = berth_engine_escape (self->container_id);

  return g_strconcat ("/containers/", escaped, suffix, NULL);
}

/* Ending ------------------------------------------------------------------- */

static void
set_state (BerthExecSession *self,
           State             state)
{
  gboolean was_running = berth_exec_session_get_running (self);

  self->state = state;
  if (was_running != berth_exec_session_get_running (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
end_resizes (BerthExecSession *self)
{
  g_autoptr (GError) error = g_error_new_literal (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED,
                                                  _("The session has ended"));

  complete_resizes (self, error);
}

static void
end (BerthExecSession *self,
     BerthStreamEnd    reason,
     const GError     *error)
{
  g_object_ref (self);
  clear_session (self);
  set_state (self, STATE_ENDED);
  end_resizes (self);
  g_signal_emit (self, signals[ENDED], 0, reason, self->exit_code, error);
  g_object_unref (self);
}

/* The engine wrote why the command could not start as output and ended
 * the exec with 126 (cannot run) or 127 (not found), without a process. */
static GError *
start_failure_error (BerthExecSession *self)
{
  g_autofree char *text = g_strdup (self->kept_output->str);
  char *newline;
  int code;

  g_strstrip (text);
  if ((newline = strpbrk (text, "\r\n")) != NULL)
    *newline = '\0';

  code = strstr (text, "not found") || strstr (text, "no such file")
           ? BERTH_ENGINE_ERROR_NOT_FOUND : BERTH_ENGINE_ERROR_FAILED;
  if (*text == '\0')
    return g_error_new (BERTH_ENGINE_ERROR, code,
                        _("Could not run “%s” in the container (exit code %d)"),
                        self->argv[0], self->exit_code);
  return g_error_new (BERTH_ENGINE_ERROR, code,
                      _("Could not run “%s” in the container: %s"), self->argv[0], text);
}

static void poll_container (BerthExecSession *self);

static gboolean
poll_container_cb (gpointer user_data)
{
  BerthExecSession *self = user_data;

  self->poll_id = 0;
  poll_container (self);
  return G_SOURCE_REMOVE;
}

static void
end_exec (BerthExecSession *self,
          gboolean          container_running)
{
  if (self->exec_pid == 0 && (self->exit_code == 126 || self->exit_code == 127))
    {
      g_autoptr (GError) error = start_failure_error (self);

      end (self, BERTH_STREAM_END_FAILED, error);
    }
  else if (self->read_error != NULL)
    end (self, BERTH_STREAM_END_FAILED, self->read_error);
  else if (!container_running)
    end (self, BERTH_STREAM_END_CONTAINER_STOPPED, NULL);
  else
    end (self, BERTH_STREAM_END_COMPLETE, NULL);
}

static void
container_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  BerthExecSession *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonObject *container = NULL, *state = NULL;
  gboolean running = FALSE;
  gint64 exit_code = -1;

  root = berth_engine_get_json_finish (BERTH_ENGINE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND))
    {
      g_autoptr (GError) removed = g_error_new (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND,
                                                _("The container %s no longer exists"),
                                                self->container_id);
      end (self, BERTH_STREAM_END_CONTAINER_REMOVED, removed);
      return;
    }

  if (root == NULL ||
      !_berth_json_node_object (root, "container", &container, &error) ||
      !_berth_json_get_object (container, "State", BERTH_JSON_OPTIONAL, &state, &error) ||
      !_berth_json_get_boolean (state, "Running", &running, &error) ||
      !_berth_json_get_int (state, "ExitCode", BERTH_JSON_OPTIONAL, &exit_code, &error))
    {
      end (self, BERTH_STREAM_END_FAILED, self->read_error ? self->read_error : error);
      return;
    }

  if (!self->attach)
    {
      end_exec (self, running);
      return;
    }

  /* Attach: the main process ended (the container stops a moment later)
   * or the user detached (it keeps running). */
  if (running && self->polls++ < POLL_TRIES / 2)
    self->poll_id = g_timeout_add (POLL_MS, poll_container_cb, self);
  else if (running)
    end (self, self->read_error ? BERTH_STREAM_END_FAILED : BERTH_STREAM_END_DETACHED,
         self->read_error);
  else
    {
      self->exit_code = (int) exit_code;
      end (self, BERTH_STREAM_END_CONTAINER_STOPPED, NULL);
    }
}

static void
poll_container (BerthExecSession *self)
{
  g_autofree char *path = container_path (self, "/json");

  berth_engine_get_json_async (self->engine, path, self->cancellable, container_cb, self);
}

static void poll_exec (BerthExecSession *self);

static gboolean
poll_exec_cb (gpointer user_data)
{
  BerthExecSession *self = user_data;

  self->poll_id = 0;
  poll_exec (self);
  return G_SOURCE_REMOVE;
}

static void
exec_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  BerthExecSession *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonObject *exec = NULL;
  JsonNode *exit_code;
  gboolean running = FALSE;

  root = berth_engine_get_json_finish (BERTH_ENGINE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* The exec is gone with its container: the container says why. */
  if (g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND))
    {
      poll_container (self);
      return;
    }

  if (root == NULL ||
      !_berth_json_node_object (root, "exec", &exec, &error) ||
      !_berth_json_get_boolean (exec, "Running", &running, &error) ||
      !_berth_json_get_int (exec, "Pid", BERTH_JSON_OPTIONAL, &self->exec_pid, &error))
    {
      end (self, BERTH_STREAM_END_FAILED, self->read_error ? self->read_error : error);
      return;
    }

  if (running && self->polls++ < POLL_TRIES)
    {
      self->poll_id = g_timeout_add (POLL_MS, poll_exec_cb, self);
      return;
    }

  exit_code = json_object_get_member (exec, "ExitCode");
  if (!running && exit_code != NULL && JSON_NODE_HOLDS_VALUE (exit_code) &&
      json_node_get_value_type (exit_code) == G_TYPE_INT64)
    self->exit_code = (int) json_node_get_int (exit_code);

  self->polls = 0;
  poll_container (self);
}

static void
poll_exec (BerthExecSession *self)
{
  g_autofree char *path = g_strconcat ("/exec/", self->exec_id, "/json", NULL);

  berth_engine_get_json_async (self->engine, path, self->cancellable, exec_cb, self);
}

/* Output ------------------------------------------------------------------- */

static void
deliver (BerthExecSession *self)
{
  g_autoptr (GPtrArray) output = berth_log_decoder_take_output (self->decoder);
  GIOStream *connection = self->connection;

  /* A handler may close the session: stop delivering when it does. */
  for (guint i = 0; i < output->len && self->connection == connection; i++)
    {
      BerthOutputChunk *chunk = g_ptr_array_index (output, i);
      gsize length;
      const char *data = g_bytes_get_data (chunk->data, &length);

      if (self->kept_output->len < KEPT_OUTPUT)
        g_string_append_len (self->kept_output, data, MIN (length, KEPT_OUTPUT - self->kept_output->len));
      g_signal_emit (self, signals[OUTPUT], 0, chunk->stream, chunk->data);
    }
}

/* The output ended: find out how before saying so. */
static void
output_ended (BerthExecSession *self)
{
  g_autoptr (GError) error = NULL;

  if (!berth_log_decoder_finish (self->decoder, &error) && self->read_error == NULL)
    self->read_error = g_steal_pointer (&error);
  deliver (self);
  if (self->state != STATE_RUNNING)
    return;

  set_state (self, STATE_ENDING);
  g_queue_clear_full (&self->writes, (GDestroyNotify) g_bytes_unref);
  g_clear_object (&self->connection);
  self->polls = 0;
  if (self->attach)
    poll_container (self);
  else
    poll_exec (self);
}

static void read_next (BerthExecSession *self);

static void
handle_read (BerthExecSession *self,
             GBytes           *bytes,
             GError           *error)
{
  const guint8 *data;
  gsize length = 0;

  if (bytes == NULL)
    {
      self->read_error = g_error_new (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONNECTION,
                                      _("Lost the connection to the engine: %s"), error->message);
      output_ended (self);
      return;
    }

  data = g_bytes_get_data (bytes, &length);
  if (length == 0)
    {
      output_ended (self);
      return;
    }

  if (!berth_log_decoder_feed (self->decoder, data, length, &self->read_error))
    {
      output_ended (self);
      return;
    }

  deliver (self);
  if (self->state == STATE_RUNNING)
    read_next (self);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  BerthExecSession *self = user_data;
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
read_next (BerthExecSession *self)
{
  g_input_stream_read_bytes_async (g_io_stream_get_input_stream (self->connection),
                                   READ_SIZE, G_PRIORITY_DEFAULT, self->cancellable,
                                   read_cb, self);
}

/* Input -------------------------------------------------------------------- */

typedef struct
{
  BerthExecSession *self;   /* not a reference: see the top of the file */
  GBytes           *bytes;
} WriteOp;

static void flush_writes (BerthExecSession *self);

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  WriteOp *op = user_data;
  BerthExecSession *self = op->self;
  g_autoptr (GError) error = NULL;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error);
  g_bytes_unref (op->bytes);
  g_free (op);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->writing = FALSE;
  if (error != NULL)
    {
      /* The reading side sees the end too and says how it ended. */
      g_debug ("Could not write to exec session: %s", error->message);
      g_queue_clear_full (&self->writes, (GDestroyNotify) g_bytes_unref);
      return;
    }

  flush_writes (self);
}

static void
half_close (BerthExecSession *self)
{
  g_autoptr (GError) error = NULL;
  GSocket *socket;

  self->close_stdin = FALSE;
  if (!G_IS_SOCKET_CONNECTION (self->connection))
    return;

  socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (self->connection));
  if (!g_socket_shutdown (socket, FALSE, TRUE, &error))
    g_debug ("Could not close stdin of exec session: %s", error->message);
}

static void
flush_writes (BerthExecSession *self)
{
  WriteOp *op;
  gsize length;
  const guint8 *data;

  if (self->writing || self->state != STATE_RUNNING)
    return;

  if (g_queue_is_empty (&self->writes))
    {
      if (self->close_stdin)
        half_close (self);
      return;
    }

  op = g_new0 (WriteOp, 1);
  op->self = self;
  op->bytes = g_queue_pop_head (&self->writes);
  data = g_bytes_get_data (op->bytes, &length);
  self->writing = TRUE;
  g_output_stream_write_all_async (g_io_stream_get_output_stream (self->connection),
                                   data, length, G_PRIORITY_DEFAULT, self->cancellable,
                                   write_cb, op);
}

/**
 * berth_exec_session_write_bytes:
 * @bytes: keystrokes or a paste
 *
 * Queues @bytes for the command's stdin. Writes go out in order; writes
 * before the start go out once it is running; after the end (or
 * berth_exec_session_close_stdin()) they are dropped.
 */
void
berth_exec_session_write_bytes (BerthExecSession *self,
                                GBytes           *bytes)
{
  g_return_if_fail (BERTH_IS_EXEC_SESSION (self));
  g_return_if_fail (bytes != NULL);

  if (self->state > STATE_RUNNING || self->close_stdin || g_bytes_get_size (bytes) == 0)
    return;

  g_queue_push_tail (&self->writes, g_bytes_ref (bytes));
  flush_writes (self);
}

void
berth_exec_session_write (BerthExecSession *self,
                          const char       *data,
                          gssize            length)
{
  g_autoptr (GBytes) bytes = NULL;

  g_return_if_fail (BERTH_IS_EXEC_SESSION (self));
  g_return_if_fail (data != NULL || length == 0);

  if (length < 0)
    length = strlen (data);
  bytes = g_bytes_new (data, length);
  berth_exec_session_write_bytes (self, bytes);
}

/**
 * berth_exec_session_close_stdin:
 *
 * Sends end-of-file to the command once the queued input is written (the
 * socket is shut down for writing; output keeps coming).
 */
void
berth_exec_session_close_stdin (BerthExecSession *self)
{
  g_return_if_fail (BERTH_IS_EXEC_SESSION (self));

  if (self->state > STATE_RUNNING)
    return;

  self->close_stdin = TRUE;
  flush_writes (self);
}

/**
 * berth_exec_session_close:
 *
 * Ends the session now, without "ended": the connection is closed, which
 * ends an exec'd shell; an attached container keeps running.
 */
void
berth_exec_session_close (BerthExecSession *self)
{
  g_return_if_fail (BERTH_IS_EXEC_SESSION (self));

  if (self->state == STATE_ENDED)
    return;

  clear_session (self);
  set_state (self, STATE_ENDED);
  end_resizes (self);
}

/* Resize ------------------------------------------------------------------- */

/* One resize request at a time, always for the latest size asked for:
 * requests racing each other could otherwise leave an older size applied.
 * Callers' tasks complete once the latest size is applied. */

static void
complete_resizes (BerthExecSession *self,
                  const GError     *error)
{
  g_autoptr (GPtrArray) tasks = g_steal_pointer (&self->resize_tasks);

  self->resize_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

static void send_resize (BerthExecSession *self);

static gboolean
resize_retry_cb (gpointer user_data)
{
  BerthExecSession *self = user_data;

  self->resize_retry_id = 0;
  send_resize (self);
  return G_SOURCE_REMOVE;
}

static void
resize_done (BerthExecSession *self,
             const GError     *error)
{
  if (error == NULL)
    {
      self->resize_tries = 0;
      self->applied_rows = self->sent_rows;
      self->applied_columns = self->sent_columns;
      send_resize (self);
    }
  else if (!berth_engine_error_is_connection (error) &&
           !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
           self->resize_tries++ < RESIZE_TRIES)
    {
      /* Right after the start the process may not exist yet; the docker
       * CLI retries too. */
      self->resize_retry_id = g_timeout_add (10 * self->resize_tries, resize_retry_cb, self);
    }
  else
    {
      self->resize_tries = 0;
      complete_resizes (self, error);
    }
}

static void
resize_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  BerthExecSession *self = user_data;   /* a reference, taken by send_resize */
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;

  body = berth_engine_send_and_read_finish (BERTH_ENGINE (object), result, &error);
  self->resizing = FALSE;
  if (self->state == STATE_RUNNING)
    resize_done (self, body != NULL ? NULL : error);
  g_object_unref (self);
}

static void
send_resize (BerthExecSession *self)
{
  g_autoptr (SoupMessage) message = NULL;
  g_autofree char *path = NULL;
  g_autofree char *query = NULL;

  if (self->resizing || self->resize_retry_id != 0 || self->state != STATE_RUNNING)
    return;

  if (self->applied_rows == self->rows && self->applied_columns == self->columns)
    {
      complete_resizes (self, NULL);
      return;
    }

  self->sent_rows = self->rows;
  self->sent_columns = self->columns;
  query = g_strdup_printf ("/resize?h=%u&w=%u", self->sent_rows, self->sent_columns);
  if (self->attach)
    path = container_path (self, query);
  else
    path = g_strconcat ("/exec/", self->exec_id, query, NULL);

  self->resizing = TRUE;
  message = berth_engine_new_message (self->engine, SOUP_METHOD_POST, path);
  berth_engine_send_and_read_async (self->engine, message, self->cancellable,
                                    resize_cb, g_object_ref (self));
}

/**
 * berth_exec_session_resize_async:
 *
 * Sets the terminal size of a TTY session (`stty size` then says
 * "@rows @columns"). Before the start, it sets the size to start with.
 * Calls in quick succession (a window being resized) are coalesced.
 */
void
berth_exec_session_resize_async (BerthExecSession    *self,
                                 guint                rows,
                                 guint                columns,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (BERTH_IS_EXEC_SESSION (self));
  g_return_if_fail (rows > 0 && columns > 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_exec_session_resize_async);
  self->rows = rows;
  self->columns = columns;

  if (self->state < STATE_RUNNING)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (self->state > STATE_RUNNING)
    {
      g_task_return_new_error (task, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED,
                               _("The session has ended"));
      return;
    }

  g_ptr_array_add (self->resize_tasks, g_steal_pointer (&task));
  send_resize (self);
}

gboolean
berth_exec_session_resize_finish (BerthExecSession  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Starting ----------------------------------------------------------------- */

typedef struct
{
  GCancellable  *caller;
  gulong         cancel_id;
  GBytes        *request;
  GByteArray    *head;        /* the answer as read so far */
  guint          status;
  char          *reason;
  goffset        content_length;
  gboolean       eof;
} StartData;

static void
start_data_free (StartData *data)
{
  if (data->cancel_id != 0)
    g_cancellable_disconnect (data->caller, data->cancel_id);
  g_clear_object (&data->caller);
  g_clear_pointer (&data->request, g_bytes_unref);
  g_byte_array_unref (data->head);
  g_free (data->reason);
  g_free (data);
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

/* Takes over @task and @error. */
static void
fail_start (GTask  *task,
            GError *error)
{
  BerthExecSession *self = g_task_get_source_object (task);

  /* Socket errors mean the engine cannot be reached: say where. */
  if (error->domain != BERTH_ENGINE_ERROR &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      GError *wrapped = g_error_new (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONNECTION,
                                     _("Cannot reach the engine at %s: %s"),
                                     berth_endpoint_get_address (berth_engine_get_endpoint (self->engine)),
                                     error->message);
      g_error_free (error);
      error = wrapped;
    }

  clear_session (self);
  set_state (self, STATE_ENDED);
  g_task_return_error (task, error);
  g_object_unref (task);
}

/* Takes over @owned_task. */
static void
started (GTask *owned_task,
         gsize  head_length)
{
  g_autoptr (GTask) task = owned_task;
  BerthExecSession *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);

  /* From now on the caller's cancellable is no longer the session's. */
  if (data->cancel_id != 0)
    g_cancellable_disconnect (data->caller, data->cancel_id);
  data->cancel_id = 0;

  self->decoder = berth_log_decoder_new (self->tty, BERTH_LOG_DECODER_NONE);
  set_state (self, STATE_RUNNING);
  g_task_return_boolean (task, TRUE);
  if (self->state != STATE_RUNNING)
    return;

  if (self->rows > 0 && self->columns > 0)
    send_resize (self);
  flush_writes (self);

  /* The first output may have come with the answer's head. */
  if (data->head->len > head_length)
    {
      g_autoptr (GBytes) first = g_bytes_new (data->head->data + head_length,
                                              data->head->len - head_length);

      handle_read (self, first, NULL);
      return;
    }
  read_next (self);
}

static void read_error_body (GTask *task);

static void
error_body_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  StartData *data = g_task_get_task_data (task);
  g_autoptr (GBytes) bytes = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);
  if (bytes != NULL && g_bytes_get_size (bytes) > 0)
    g_byte_array_append (data->head, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  else
    data->eof = TRUE;

  read_error_body (g_steal_pointer (&task));
}

/* Reads a refusal's body (the engine's message) to its end, bounded; the
 * head was already taken off data->head. */
static void
read_error_body (GTask *task)
{
  BerthExecSession *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);
  g_autoptr (GBytes) body = NULL;

  if (!data->eof && data->head->len < MAX_ERROR_BODY &&
      (data->content_length < 0 || (goffset) data->head->len < data->content_length))
    {
      g_input_stream_read_bytes_async (g_io_stream_get_input_stream (self->connection),
                                       MAX_ERROR_BODY - data->head->len, G_PRIORITY_DEFAULT,
                                       self->cancellable, error_body_cb, task);
      return;
    }

  body = g_bytes_new (data->head->data, data->head->len);
  fail_start (task, berth_engine_error_from_response (data->status, data->reason, body));
}

static gssize
find_head_end (GByteArray *head)
{
  for (guint i = 0; i + 3 < head->len; i++)
    if (memcmp (head->data + i, "\r\n\r\n", 4) == 0)
      return i + 4;
  return -1;
}

/* Parses the answer's status line and headers. */
static void
answer_head (GTask *task,
             gsize  head_length)
{
  StartData *data = g_task_get_task_data (task);
  g_autoptr (SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  SoupHTTPVersion version;

  if (!soup_headers_parse_response ((const char *) data->head->data, head_length, headers,
                                    &version, &data->status, &data->reason))
    {
      fail_start (task, g_error_new_literal (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA,
                                             _("The engine’s answer to the start of the session is not HTTP")));
      return;
    }

  /* 101 as asked; 200 from engines that take the connection over anyway. */
  if (data->status == SOUP_STATUS_SWITCHING_PROTOCOLS || data->status == SOUP_STATUS_OK)
    {
      started (task, head_length);
      return;
    }

  data->content_length = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
                           ? soup_message_headers_get_content_length (headers) : -1;
  g_byte_array_remove_range (data->head, 0, head_length);
  read_error_body (task);
}

static void read_head (GTask *task);

static void
head_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  StartData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  gssize head_length;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      if (error == NULL)
        error = g_error_new_literal (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONNECTION,
                                     _("The engine closed the connection instead of starting the session"));
      fail_start (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  g_byte_array_append (data->head, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  head_length = find_head_end (data->head);
  if (head_length > 0)
    answer_head (g_steal_pointer (&task), head_length);
  else if (data->head->len > MAX_HEAD)
    fail_start (g_steal_pointer (&task),
                g_error_new_literal (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA,
                                     _("The engine’s answer to the start of the session has no end")));
  else
    read_head (g_steal_pointer (&task));
}

static void
read_head (GTask *task)
{
  BerthExecSession *self = g_task_get_source_object (task);

  g_input_stream_read_bytes_async (g_io_stream_get_input_stream (self->connection),
                                   4096, G_PRIORITY_DEFAULT, self->cancellable,
                                   head_cb, task);
}

static void
request_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      fail_start (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  read_head (g_steal_pointer (&task));
}

static char *
start_body (BerthExecSession *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Detach");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "Tty");
  json_builder_add_boolean_value (builder, self->tty);
  if (self->rows > 0 && self->columns > 0 && berth_engine_api_at_least (self->engine, "1.42"))
    {
      json_builder_set_member_name (builder, "ConsoleSize");
      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, self->rows);
      json_builder_add_int_value (builder, self->columns);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* The hand-written request that the engine answers by taking the
 * connection over. Podman insists on "Connection: Upgrade" exactly. */
static GBytes *
build_request (BerthExecSession *self)
{
  BerthEndpoint *endpoint = berth_engine_get_endpoint (self->engine);
  const char *base = berth_endpoint_get_base_uri (endpoint);
  const char *host = g_str_has_prefix (base, "http://") ? base + strlen ("http://") : base;
  const char *api = berth_engine_get_api_version (self->engine);
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  GString *request;

  if (self->attach)
    {
      g_autofree char *keys = self->detach_keys ? g_uri_escape_string (self->detach_keys, NULL, FALSE) : NULL;

      path = container_path (self, "/attach?stream=1&stdin=1&stdout=1&stderr=1");
      if (keys != NULL)
        {
          char *with_keys = g_strconcat (path, "&detachKeys=", keys, NULL);

          g_free (path);
          path = with_keys;
        }
      body = g_strdup ("");
    }
  else
    {
      path = g_strconcat ("/exec/", self->exec_id, "/start", NULL);
      body = start_body (self);
    }

  request = g_string_new (NULL);
  g_string_append_printf (request, "POST /v%s%s HTTP/1.1\r\n", api ? api : BERTH_API_VERSION_OLDEST, path);
  g_string_append_printf (request, "Host: %s\r\n", host);
  g_string_append_printf (request, "User-Agent: Berth/%s\r\n", PACKAGE_VERSION);
  g_string_append (request, "Content-Type: application/json\r\n");
  g_string_append_printf (request, "Content-Length: %zu\r\n", strlen (body));
  g_string_append (request, "Connection: Upgrade\r\n");
  g_string_append (request, "Upgrade: tcp\r\n");
  g_string_append (request, "\r\n");
  g_string_append (request, body);
  return g_string_free_to_bytes (request);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  BerthExecSession *self = g_task_get_source_object (task);
  StartData *start = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocketConnection) connection = NULL;
  gsize length;
  const char *data;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  if (connection == NULL)
    {
      fail_start (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  self->connection = G_IO_STREAM (g_steal_pointer (&connection));
  start->request = build_request (self);
  data = g_bytes_get_data (start->request, &length);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (self->connection),
                                   data, length, G_PRIORITY_DEFAULT, self->cancellable,
                                   request_cb, g_steal_pointer (&task));
}

static void
connect_socket (GTask *task)
{
  BerthExecSession *self = g_task_get_source_object (task);
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnectable) connectable = NULL;

  connectable = berth_endpoint_create_connectable (berth_engine_get_endpoint (self->engine));
  g_socket_client_connect_async (client, connectable, self->cancellable,
                                 connect_cb, task);
}

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  BerthExecSession *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonObject *answer = NULL;
  const char *id = NULL;

  root = berth_engine_send_json_finish (BERTH_ENGINE (object), result, &error);
  if (root == NULL && error == NULL)
    error = g_error_new_literal (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA,
                                 _("The engine created no exec"));
  if (error != NULL ||
      !_berth_json_node_object (root, "exec", &answer, &error) ||
      !_berth_json_get_string (answer, "Id", BERTH_JSON_REQUIRED, &id, &error))
    {
      fail_start (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  self->exec_id = g_strdup (id);
  connect_socket (g_steal_pointer (&task));
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_strv_member (JsonBuilder        *builder,
                 const char         *name,
                 const char * const *values)
{
  if (values == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static JsonNode *
create_body (BerthExecSession *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  const char *attach[] = { "AttachStdin", "AttachStdout", "AttachStderr" };

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (attach); i++)
    {
      json_builder_set_member_name (builder, attach[i]);
      json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_set_member_name (builder, "Tty");
  json_builder_add_boolean_value (builder, self->tty);
  add_strv_member (builder, "Cmd", (const char * const *) self->argv);
  add_string_member (builder, "User", self->user);
  add_string_member (builder, "WorkingDir", self->working_dir);
  add_strv_member (builder, "Env", (const char * const *) self->env);
  add_string_member (builder, "DetachKeys", self->detach_keys);
  if (self->rows > 0 && self->columns > 0 && berth_engine_api_at_least (self->engine, "1.42"))
    {
      json_builder_set_member_name (builder, "ConsoleSize");
      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, self->rows);
      json_builder_add_int_value (builder, self->columns);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
create_exec (GTask *task)
{
  BerthExecSession *self = g_task_get_source_object (task);
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (JsonNode) body = create_body (self);
  g_autofree char *path = container_path (self, "/exec");

  message = berth_engine_new_message (self->engine, SOUP_METHOD_POST, path);
  berth_engine_set_json_body (message, body);
  berth_engine_send_json_async (self->engine, message, self->cancellable, create_cb, task);
}

static void
inspect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  BerthExecSession *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonObject *container = NULL, *state = NULL, *config = NULL;
  gboolean running = FALSE;

  root = berth_engine_get_json_finish (BERTH_ENGINE (object), result, &error);
  if (root == NULL ||
      !_berth_json_node_object (root, "container", &container, &error) ||
      !_berth_json_get_object (container, "State", BERTH_JSON_OPTIONAL, &state, &error) ||
      !_berth_json_get_object (container, "Config", BERTH_JSON_OPTIONAL, &config, &error) ||
      !_berth_json_get_boolean (state, "Running", &running, &error) ||
      !_berth_json_get_boolean (config, "Tty", &self->tty, &error))
    {
      fail_start (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  if (!running)
    {
      fail_start (g_steal_pointer (&task),
                  g_error_new (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONFLICT,
                               _("Container %s is not running: start it before attaching to it"),
                               self->container_id));
      return;
    }

  connect_socket (g_steal_pointer (&task));
}

/**
 * berth_exec_session_start_async:
 *
 * Creates the exec (or looks at the container to attach to), connects and
 * takes the connection over. It fails with the engine's message when the
 * container is not running or does not exist. A command that cannot be
 * run (no such file) still starts: the engine says so as output and
 * "ended" follows with %BERTH_STREAM_END_FAILED and a clear error.
 * A session starts once.
 */
void
berth_exec_session_start_async (BerthExecSession    *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  StartData *data;

  g_return_if_fail (BERTH_IS_EXEC_SESSION (self));
  g_return_if_fail (self->state == STATE_NEW);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_exec_session_start_async);
  data = g_new0 (StartData, 1);
  data->head = g_byte_array_new ();
  data->content_length = -1;
  g_task_set_task_data (task, data, (GDestroyNotify) start_data_free);

  set_state (self, STATE_STARTING);
  self->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      data->caller = g_object_ref (cancellable);
      data->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                               g_object_ref (self->cancellable), g_object_unref);
    }

  if (self->attach)
    {
      g_autofree char *path = container_path (self, "/json");

      berth_engine_get_json_async (self->engine, path, self->cancellable,
                                   inspect_cb, g_steal_pointer (&task));
    }
  else
    create_exec (g_steal_pointer (&task));
}

gboolean
berth_exec_session_start_finish (BerthExecSession  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Shells -------------------------------------------------------------------- */

/* Best first; a shell found at two places is listed once. */
static const char * const shell_candidates[] = {
  "/bin/bash",
  "/usr/bin/bash",
  "/bin/ash",
  "/bin/sh",
};

typedef struct
{
  char     *container_id;
  gboolean  found[G_N_ELEMENTS (shell_candidates)];
  guint     pending;
  GError   *error;
} ShellsData;

static void
shells_data_free (ShellsData *data)
{
  g_free (data->container_id);
  g_clear_error (&data->error);
  g_free (data);
}

typedef struct
{
  GTask *task;
  guint  index;
} ShellProbe;

static char **
found_shells (ShellsData *data)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < G_N_ELEMENTS (shell_candidates); i++)
    {
      const char *name = strrchr (shell_candidates[i], '/') + 1;

      if (data->found[i] && !g_hash_table_contains (names, name))
        {
          g_hash_table_add (names, (gpointer) name);
          g_strv_builder_add (builder, shell_candidates[i]);
        }
    }
  return g_strv_builder_end (builder);
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  ShellProbe *probe = user_data;
  g_autoptr (GTask) task = probe->task;
  ShellsData *data = g_task_get_task_data (task);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) shells = NULL;

  body = berth_engine_send_and_read_finish (BERTH_ENGINE (object), result, &error);
  data->found[probe->index] = body != NULL;
  if (error != NULL && data->error == NULL &&
      !g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND))
    data->error = g_steal_pointer (&error);
  g_free (probe);

  if (--data->pending > 0)
    return;

  shells = found_shells (data);
  if (shells[0] != NULL)
    g_task_return_pointer (task, g_steal_pointer (&shells), (GDestroyNotify) g_strfreev);
  else if (data->error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->error));
  else
    g_task_return_new_error (task, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND,
                             _("The container has no shell: there is no bash, ash or sh in /bin"));
}

static void
probe_shells (GTask *task)
{
  BerthEngine *engine = g_task_get_source_object (task);
  ShellsData *data = g_task_get_task_data (task);
  g_autofree char *escaped = berth_engine_escape (data->container_id);

  data->pending = G_N_ELEMENTS (shell_candidates);
  for (guint i = 0; i < G_N_ELEMENTS (shell_candidates); i++)
    {
      g_autoptr (SoupMessage) message = NULL;
      g_autofree char *file = g_uri_escape_string (shell_candidates[i], "/", FALSE);
      g_autofree char *path = g_strconcat ("/containers/", escaped, "/archive?path=", file, NULL);
      ShellProbe *probe = g_new0 (ShellProbe, 1);

      probe->task = g_object_ref (task);
      probe->index = i;
      message = berth_engine_new_message (engine, SOUP_METHOD_HEAD, path);
      berth_engine_send_and_read_async (engine, message, g_task_get_cancellable (task),
                                        probe_cb, probe);
    }
  g_object_unref (task);
}

static void
shells_inspect_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;

  /* A missing container would look like a container without shells. */
  root = berth_engine_get_json_finish (BERTH_ENGINE (object), result, &error);
  if (root == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA,
                                     _("The engine sent nothing about the container"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  probe_shells (g_steal_pointer (&task));
}

/**
 * berth_exec_find_shells_async:
 *
 * Finds which of bash, ash and sh the container has, by asking the engine
 * about the files (HEAD /containers/{id}/archive), which works without
 * running anything in the container, and even when it is stopped.
 */
void
berth_exec_find_shells_async (BerthEngine         *engine,
                              const char          *container_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  ShellsData *data;

  g_return_if_fail (BERTH_IS_ENGINE (engine));
  g_return_if_fail (container_id != NULL);

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_exec_find_shells_async);
  data = g_new0 (ShellsData, 1);
  data->container_id = g_strdup (container_id);
  g_task_set_task_data (task, data, (GDestroyNotify) shells_data_free);

  escaped = berth_engine_escape (container_id);
  path = g_strconcat ("/containers/", escaped, "/json", NULL);
  berth_engine_get_json_async (engine, path, cancellable, shells_inspect_cb, g_steal_pointer (&task));
}

/**
 * berth_exec_find_shells_finish:
 *
 * Returns: (transfer full): the shells' paths, best first (never empty),
 *   or %NULL with @error set (%BERTH_ENGINE_ERROR_NOT_FOUND: none)
 */
char **
berth_exec_find_shells_finish (BerthEngine   *engine,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
