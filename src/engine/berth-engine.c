/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "berth-engine.h"
#include "berth-engine-enums.h"
#include "berth-engine-error.h"
#include "berth-json-private.h"
#include "berth-trace.h"

/* One engine at one endpoint: a SoupSession, the negotiated API version and
 * what the engine says about itself. Everything is async on the thread that
 * created it (libsoup sessions are not thread-safe); big JSON answers are
 * parsed on a worker thread. */

struct _BerthEngine
{
  GObject          parent_instance;

  BerthEndpoint   *endpoint;
  SoupSession     *session;

  BerthEngineKind  kind;
  char            *version;
  char            *api_version;
  char            *os;
  char            *arch;

  guint64          request_count;
};

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_KIND,
  PROP_VERSION,
  PROP_API_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BerthEngine, berth_engine, G_TYPE_OBJECT)

/* Two long-lived streams (events, logs) must never starve short requests:
 * libsoup's default of 2 connections per host would queue them forever. */
#define MAX_CONNS_PER_HOST 32

static void
berth_engine_constructed (GObject *object)
{
  BerthEngine *self = BERTH_ENGINE (object);
  g_autofree char *user_agent = g_strdup_printf ("Berth/%s", PACKAGE_VERSION);

  G_OBJECT_CLASS (berth_engine_parent_class)->constructed (object);

  g_assert (self->endpoint != NULL);

  if (berth_endpoint_get_kind (self->endpoint) == BERTH_ENDPOINT_KIND_UNIX)
    {
      g_autoptr (GSocketConnectable) connectable = berth_endpoint_create_connectable (self->endpoint);

      self->session = soup_session_new_with_options ("remote-connectable", connectable,
                                                     "max-conns", MAX_CONNS_PER_HOST * 2,
                                                     "max-conns-per-host", MAX_CONNS_PER_HOST,
                                                     "user-agent", user_agent,
                                                     "proxy-resolver", NULL,
                                                     NULL);
    }
  else
    {
      self->session = soup_session_new_with_options ("max-conns", MAX_CONNS_PER_HOST * 2,
                                                     "max-conns-per-host", MAX_CONNS_PER_HOST,
                                                     "user-agent", user_agent,
                                                     "proxy-resolver", NULL,
                                                     NULL);
    }
}

static void
berth_engine_dispose (GObject *object)
{
  BerthEngine *self = BERTH_ENGINE (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->endpoint);

  G_OBJECT_CLASS (berth_engine_parent_class)->dispose (object);
}

static void
berth_engine_finalize (GObject *object)
{
  BerthEngine *self = BERTH_ENGINE (object);

  g_free (self->version);
  g_free (self->api_version);
  g_free (self->os);
  g_free (self->arch);

  G_OBJECT_CLASS (berth_engine_parent_class)->finalize (object);
}

static void
berth_engine_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BerthEngine *self = BERTH_ENGINE (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_object (value, self->endpoint);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;
    case PROP_API_VERSION:
      g_value_set_string (value, self->api_version);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_engine_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  BerthEngine *self = BERTH_ENGINE (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      self->endpoint = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_engine_class_init (BerthEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = berth_engine_constructed;
  object_class->dispose = berth_engine_dispose;
  object_class->finalize = berth_engine_finalize;
  object_class->get_property = berth_engine_get_property;
  object_class->set_property = berth_engine_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL,
                         BERTH_TYPE_ENDPOINT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       BERTH_TYPE_ENGINE_KIND, BERTH_ENGINE_KIND_UNKNOWN,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_API_VERSION] =
    g_param_spec_string ("api-version", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
berth_engine_init (BerthEngine *self)
{
}

BerthEngine *
berth_engine_new (BerthEndpoint *endpoint)
{
  g_return_val_if_fail (BERTH_IS_ENDPOINT (endpoint), NULL);

  return g_object_new (BERTH_TYPE_ENGINE, "endpoint", endpoint, NULL);
}

BerthEndpoint *
berth_engine_get_endpoint (BerthEngine *self)
{
  g_return_val_if_fail (BERTH_IS_ENGINE (self), NULL);
  return self->endpoint;
}

BerthEngineKind
berth_engine_get_kind (BerthEngine *self)
{
  g_return_val_if_fail (BERTH_IS_ENGINE (self), BERTH_ENGINE_KIND_UNKNOWN);
  return self->kind;
}

const char *
berth_engine_get_version (BerthEngine *self)
{
  g_return_val_if_fail (BERTH_IS_ENGINE (self), NULL);
  return self->version;
}

const char *
berth_engine_get_api_version (BerthEngine *self)
{
  g_return_val_if_fail (BERTH_IS_ENGINE (self), NULL);
  return self->api_version;
}

const char *
berth_engine_get_os (BerthEngine *self)
{
  g_return_val_if_fail (BERTH_IS_ENGINE (self), NULL);
  return self->os;
}

const char *
berth_engine_get_arch (BerthEngine *self)
{
  g_return_val_if_fail (BERTH_IS_ENGINE (self), NULL);
  return self->arch;
}

/* How many requests this engine has sent: the idle benchmark expects it not
 * to move while nothing happens. */
guint64
berth_engine_get_request_count (BerthEngine *self)
{
  g_return_val_if_fail (BERTH_IS_ENGINE (self), 0);
  return self->request_count;
}

static gboolean
parse_api_version (const char *version,
                   guint      *major,
                   guint      *minor)
{
  g_autofree char *copy = NULL;
  char *dot;
  char *end;

  if (version == NULL)
    return FALSE;

  copy = g_strdup (version);
  dot = strchr (copy, '.');
  if (dot == NULL)
    return FALSE;
  *dot = '\0';
  *major = (guint) g_ascii_strtoull (copy, &end, 10);
  if (*end != '\0' || end == copy)
    return FALSE;
  *minor = (guint) g_ascii_strtoull (dot + 1, &end, 10);
  return *end == '\0' && end != dot + 1;
}

/**
 * berth_api_version_compare:
 *
 * Compares two "MAJOR.MINOR" API versions numerically ("1.9" < "1.41").
 * Unparsable versions sort first.
 */
int
berth_api_version_compare (const char *a,
                           const char *b)
{
  guint amaj = 0, amin = 0, bmaj = 0, bmin = 0;
  gboolean aok = parse_api_version (a, &amaj, &amin);
  gboolean bok = parse_api_version (b, &bmaj, &bmin);

  if (!aok || !bok)
    return (int) aok - (int) bok;
  if (amaj != bmaj)
    return amaj < bmaj ? -1 : 1;
  if (amin != bmin)
    return amin < bmin ? -1 : 1;
  return 0;
}

gboolean
berth_engine_api_at_least (BerthEngine *self,
                           const char  *version)
{
  g_return_val_if_fail (BERTH_IS_ENGINE (self), FALSE);

  return self->api_version != NULL &&
         berth_api_version_compare (self->api_version, version) >= 0;
}

static SoupMessage *
new_message_for (BerthEngine *self,
                 const char  *method,
                 const char  *versioned_prefix,
                 const char  *path)
{
  g_autofree char *uri = NULL;
  SoupMessage *message;

  uri = g_strconcat (berth_endpoint_get_base_uri (self->endpoint),
                     versioned_prefix ? versioned_prefix : "", path, NULL);
  message = soup_message_new (method, uri);
  if (message == NULL)
    g_critical ("Invalid request URI %s", uri);

  return message;
}

/**
 * berth_engine_new_message:
 * @method: an HTTP method
 * @path: an API path with its query, already escaped, e.g. "/containers/json?all=1"
 *
 * Returns: (transfer full): a message for the negotiated API version
 */
SoupMessage *
berth_engine_new_message (BerthEngine *self,
                          const char  *method,
                          const char  *path)
{
  g_autofree char *prefix = NULL;

  g_return_val_if_fail (BERTH_IS_ENGINE (self), NULL);
  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (path != NULL && path[0] == '/', NULL);

  prefix = g_strconcat ("/v", self->api_version ? self->api_version : BERTH_API_VERSION_OLDEST, NULL);
  return new_message_for (self, method, prefix, path);
}

void
berth_engine_set_json_body (SoupMessage *message,
                            JsonNode    *body)
{
  g_autofree char *text = NULL;
  g_autoptr (GBytes) bytes = NULL;
  gsize len = 0;

  g_return_if_fail (SOUP_IS_MESSAGE (message));
  g_return_if_fail (body != NULL);

  text = json_to_string (body, FALSE);
  len = strlen (text);
  bytes = g_bytes_new_take (g_steal_pointer (&text), len);
  soup_message_set_request_body_from_bytes (message, "application/json", bytes);
}

static void
count_request (BerthEngine *self,
               SoupMessage *message)
{
  self->request_count++;

  if (berth_trace_enabled ())
    {
      g_autofree char *path = g_uri_to_string_partial (soup_message_get_uri (message),
                                                       G_URI_HIDE_PASSWORD);
      berth_trace_mark ("request", "%s %s", soup_message_get_method (message), path);
    }
}

/* A transport failure means the engine is unreachable; say where. */
static GError *
connection_error (BerthEngine  *self,
                  GError       *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      error->domain == BERTH_ENGINE_ERROR)
    return g_error_copy (error);

  return g_error_new (BERTH_ENGINE_ERROR,
                      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED)
                        ? BERTH_ENGINE_ERROR_PERMISSION_DENIED : BERTH_ENGINE_ERROR_CONNECTION,
                      _("Cannot reach the engine at %s: %s"),
                      berth_endpoint_get_address (self->endpoint), error->message);
}

static gboolean
status_ok (SoupMessage *message)
{
  guint status = soup_message_get_status (message);

  return status >= 200 && status < 300;
}

/* Streams ------------------------------------------------------------------ */

typedef struct
{
  SoupMessage  *message;
  GInputStream *stream;
} SendData;

static void
send_data_free (SendData *data)
{
  g_clear_object (&data->message);
  g_clear_object (&data->stream);
  g_free (data);
}

static void
send_error_body_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  SendData *data = g_task_get_task_data (task);
  g_autoptr (GBytes) body = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);

  g_task_return_error (task,
                       berth_engine_error_from_response (soup_message_get_status (data->message),
                                                         soup_message_get_reason_phrase (data->message),
                                                         body));
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  BerthEngine *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  data->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (data->stream == NULL)
    {
      g_task_return_error (task, connection_error (self, error));
      return;
    }

  if (!status_ok (data->message))
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      /* Error bodies are small JSON; read a bounded amount for the message. */
      g_input_stream_read_bytes_async (data->stream, 64 * 1024, G_PRIORITY_DEFAULT,
                                       cancellable, send_error_body_cb, g_steal_pointer (&task));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&data->stream), g_object_unref);
}

/**
 * berth_engine_send_async:
 * @message: a message from berth_engine_new_message()
 *
 * Sends @message and gives its body as a stream, to be read incrementally.
 * A status other than 2xx is an error carrying the engine's message.
 */
void
berth_engine_send_async (BerthEngine         *self,
                         SoupMessage         *message,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  SendData *data;

  g_return_if_fail (BERTH_IS_ENGINE (self));
  g_return_if_fail (SOUP_IS_MESSAGE (message));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_engine_send_async);
  data = g_new0 (SendData, 1);
  data->message = g_object_ref (message);
  g_task_set_task_data (task, data, (GDestroyNotify) send_data_free);

  count_request (self, message);
  soup_session_send_async (self->session, message, G_PRIORITY_DEFAULT, cancellable,
                           send_cb, g_steal_pointer (&task));
}

GInputStream *
berth_engine_send_finish (BerthEngine   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Whole bodies ------------------------------------------------------------- */

static void
send_and_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  BerthEngine *self = g_task_get_source_object (task);
  SoupMessage *message = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    g_task_return_error (task, connection_error (self, error));
  else if (!status_ok (message))
    g_task_return_error (task, berth_engine_error_from_response (soup_message_get_status (message),
                                                                 soup_message_get_reason_phrase (message),
                                                                 body));
  else
    g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
}

void
berth_engine_send_and_read_async (BerthEngine         *self,
                                  SoupMessage         *message,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (BERTH_IS_ENGINE (self));
  g_return_if_fail (SOUP_IS_MESSAGE (message));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_engine_send_and_read_async);
  g_task_set_task_data (task, g_object_ref (message), g_object_unref);

  count_request (self, message);
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT, cancellable,
                                    send_and_read_cb, g_steal_pointer (&task));
}

/**
 * berth_engine_send_and_read_finish:
 *
 * Returns: (transfer full): the body (maybe empty), or %NULL with @error set
 */
GBytes *
berth_engine_send_and_read_finish (BerthEngine   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* JSON --------------------------------------------------------------------- */

static void
parse_json_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  JsonNode *node = _berth_json_parse_bytes (task_data, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
}

static void
send_json_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;

  body = berth_engine_send_and_read_finish (BERTH_ENGINE (object), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_bytes_get_size (body) == 0)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  g_task_set_task_data (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, parse_json_thread);
}

/**
 * berth_engine_send_json_async:
 *
 * Sends @message and parses its JSON answer on a worker thread.
 */
void
berth_engine_send_json_async (BerthEngine         *self,
                              SoupMessage         *message,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (BERTH_IS_ENGINE (self));
  g_return_if_fail (SOUP_IS_MESSAGE (message));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_engine_send_json_async);
  berth_engine_send_and_read_async (self, message, cancellable, send_json_cb, g_steal_pointer (&task));
}

/**
 * berth_engine_send_json_finish:
 *
 * Returns: (transfer full) (nullable): the parsed answer, %NULL for an empty
 *   body (check @error to tell it from a failure)
 */
JsonNode *
berth_engine_send_json_finish (BerthEngine   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
berth_engine_get_json_async (BerthEngine         *self,
                             const char          *path,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr (SoupMessage) message = NULL;

  g_return_if_fail (BERTH_IS_ENGINE (self));

  message = berth_engine_new_message (self, SOUP_METHOD_GET, path);
  berth_engine_send_json_async (self, message, cancellable, callback, user_data);
}

JsonNode *
berth_engine_get_json_finish (BerthEngine   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return berth_engine_send_json_finish (self, result, error);
}

/* Connecting --------------------------------------------------------------- */

static void
set_string (BerthEngine  *self,
            char        **field,
            const char   *value,
            int           prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  if (prop != PROP_0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static gboolean
negotiate (BerthEngine  *self,
           SoupMessage  *ping,
           GError      **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (ping);
  const char *server = soup_message_headers_get_one (headers, "Api-Version");
  BerthEngineKind kind;

  if (server == NULL || berth_api_version_compare (server, "0.0") <= 0)
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA,
                   _("%s answered, but not like a Docker or Podman engine (no API version)"),
                   berth_endpoint_get_address (self->endpoint));
      return FALSE;
    }

  if (berth_api_version_compare (server, BERTH_API_VERSION_OLDEST) < 0)
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED,
                   _("This engine speaks API %s; Berth needs %s or newer. Please update the engine."),
                   server, BERTH_API_VERSION_OLDEST);
      return FALSE;
    }

  if (berth_api_version_compare (server, BERTH_API_VERSION_NEWEST) > 0)
    set_string (self, &self->api_version, BERTH_API_VERSION_NEWEST, PROP_API_VERSION);
  else
    set_string (self, &self->api_version, server, PROP_API_VERSION);

  kind = soup_message_headers_get_one (headers, "Libpod-Api-Version") != NULL
           ? BERTH_ENGINE_KIND_PODMAN : BERTH_ENGINE_KIND_DOCKER;
  if (kind != self->kind)
    {
      self->kind = kind;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
    }

  return TRUE;
}

static void
version_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  BerthEngine *self = BERTH_ENGINE (object);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  const char *version = NULL, *os = NULL, *arch = NULL;
  JsonObject *obj;

  root = berth_engine_get_json_finish (self, result, &error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      if (error == NULL)
        error = g_error_new_literal (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA,
                                     _("The engine’s version answer is not an object"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  obj = json_node_get_object (root);
  if (!_berth_json_get_string (obj, "Version", BERTH_JSON_OPTIONAL, &version, &error) ||
      !_berth_json_get_string (obj, "Os", BERTH_JSON_OPTIONAL, &os, &error) ||
      !_berth_json_get_string (obj, "Arch", BERTH_JSON_OPTIONAL, &arch, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_string (self, &self->os, os, PROP_0);
  set_string (self, &self->arch, arch, PROP_0);
  set_string (self, &self->version, version, PROP_VERSION);
  berth_trace_mark ("engine-connected", "%s %s api %s",
                    self->kind == BERTH_ENGINE_KIND_PODMAN ? "podman" : "docker",
                    self->version ? self->version : "?", self->api_version);
  g_task_return_boolean (task, TRUE);
}

static void
ping_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  BerthEngine *self = g_task_get_source_object (task);
  SoupMessage *ping = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;
  GCancellable *cancellable;

  body = berth_engine_send_and_read_finish (self, result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!negotiate (self, ping, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  berth_engine_get_json_async (self, "/version", cancellable, version_cb, g_steal_pointer (&task));
}

/**
 * berth_engine_connect_async:
 *
 * Pings the engine, negotiates the API version (the engine's, capped at the
 * newest Berth knows) and reads its version. Call again after the engine
 * came back: it may have been upgraded.
 */
void
berth_engine_connect_async (BerthEngine         *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (SoupMessage) ping = NULL;

  g_return_if_fail (BERTH_IS_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_engine_connect_async);

  ping = new_message_for (self, SOUP_METHOD_GET, NULL, "/_ping");
  g_task_set_task_data (task, g_object_ref (ping), g_object_unref);
  berth_engine_send_and_read_async (self, ping, cancellable, ping_cb, g_steal_pointer (&task));
}

gboolean
berth_engine_connect_finish (BerthEngine   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Paths -------------------------------------------------------------------- */

/**
 * berth_engine_escape:
 * @segment: an id or name to put in a path
 *
 * Escapes @segment for a request path. "/" and ":" stay, because image
 * references ("registry:5000/app:1") are routed with them in place.
 *
 * Returns: (transfer full): the escaped segment
 */
char *
berth_engine_escape (const char *segment)
{
  g_return_val_if_fail (segment != NULL, NULL);
  return g_uri_escape_string (segment, "/:@", FALSE);
}

/**
 * berth_engine_filters_query:
 * @key: the first filter name
 * @value: its value
 * @...: more name/value pairs, %NULL-terminated
 *
 * Returns: (transfer full): "filters=" and the escaped JSON the engine
 *   expects, e.g. filters=%7B%22id%22%3A%5B%22abc%22%5D%7D
 */
char *
berth_engine_filters_query (const char *key,
                            const char *value,
                            ...)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *escaped = NULL;
  va_list args;

  json_builder_begin_object (builder);
  va_start (args, value);
  while (key != NULL)
    {
      json_builder_set_member_name (builder, key);
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, value);
      json_builder_end_array (builder);
      key = va_arg (args, const char *);
      if (key != NULL)
        value = va_arg (args, const char *);
    }
  va_end (args);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  escaped = g_uri_escape_string (json, NULL, FALSE);
  return g_strconcat ("filters=", escaped, NULL);
}
