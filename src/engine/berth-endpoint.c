/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gunixsocketaddress.h>

#include "berth-endpoint.h"
#include "berth-engine-error.h"
#include "berth-json-private.h"

/* Where an engine listens, and how Berth found it. Discovery follows the
 * docker CLI: DOCKER_HOST, DOCKER_CONTEXT, the config's currentContext, then
 * the well-known sockets of Docker (rootful, rootless) and Podman. */

struct _BerthEndpoint
{
  GObject            parent_instance;

  BerthEndpointKind  kind;
  char              *address;
  char              *path;
  char              *host;
  guint16            port;
  char              *source;
  char              *base_uri;
};

G_DEFINE_FINAL_TYPE (BerthEndpoint, berth_endpoint, G_TYPE_OBJECT)

#define DEFAULT_TCP_PORT 2375

static void
berth_endpoint_finalize (GObject *object)
{
  BerthEndpoint *self = BERTH_ENDPOINT (object);

  g_free (self->address);
  g_free (self->path);
  g_free (self->host);
  g_free (self->source);
  g_free (self->base_uri);

  G_OBJECT_CLASS (berth_endpoint_parent_class)->finalize (object);
}

static void
berth_endpoint_class_init (BerthEndpointClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = berth_endpoint_finalize;
}

static void
berth_endpoint_init (BerthEndpoint *self)
{
}

static gboolean
invalid (GError     **error,
         const char  *address,
         const char  *why)
{
  g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT,
               _("“%s” is not an engine address: %s"), address, why);
  return FALSE;
}

static gboolean
parse_unix (BerthEndpoint  *self,
            const char     *address,
            const char     *path,
            GError        **error)
{
  if (!g_path_is_absolute (path))
    return invalid (error, address,
                    _("a socket path must be absolute, like unix:///run/docker.sock"));

  self->kind = BERTH_ENDPOINT_KIND_UNIX;
  self->path = g_canonicalize_filename (path, NULL);
  self->address = g_strconcat ("unix://", self->path, NULL);
  self->base_uri = g_strdup ("http://localhost");
  return TRUE;
}

static gboolean
parse_tcp (BerthEndpoint  *self,
           const char     *address,
           const char     *rest,
           GError        **error)
{
  g_autoptr (GUri) uri = NULL;
  g_autofree char *with_scheme = NULL;
  const char *path;
  int port;

  with_scheme = g_strconcat ("http://", rest, NULL);
  uri = g_uri_parse (with_scheme, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return invalid (error, address, _("write it as tcp://HOST:PORT, like tcp://192.168.1.10:2375"));

  path = g_uri_get_path (uri);
  if (g_uri_get_query (uri) != NULL || g_uri_get_userinfo (uri) != NULL ||
      (path != NULL && *path != '\0' && g_strcmp0 (path, "/") != 0))
    return invalid (error, address, _("write it as tcp://HOST:PORT, like tcp://192.168.1.10:2375"));

  port = g_uri_get_port (uri);
  if (port == -1)
    port = DEFAULT_TCP_PORT;
  if (port < 1 || port > 65535)
    return invalid (error, address, _("the port must be between 1 and 65535"));

  self->kind = BERTH_ENDPOINT_KIND_TCP;
  self->host = g_strdup (g_uri_get_host (uri));
  self->port = port;
  if (strchr (self->host, ':') != NULL)
    {
      self->address = g_strdup_printf ("tcp://[%s]:%d", self->host, port);
      self->base_uri = g_strdup_printf ("http://[%s]:%d", self->host, port);
    }
  else
    {
      self->address = g_strdup_printf ("tcp://%s:%d", self->host, port);
      self->base_uri = g_strdup_printf ("http://%s:%d", self->host, port);
    }
  return TRUE;
}

/**
 * berth_endpoint_new_for_address:
 * @address: `unix:///path`, `/path`, `tcp://host:port` or `http://host:port`
 *
 * Returns: (transfer full): the endpoint, or %NULL with @error set to a
 *   message that says what a valid address looks like
 */
BerthEndpoint *
berth_endpoint_new_for_address (const char  *address,
                                GError     **error)
{
  g_autoptr (BerthEndpoint) self = NULL;
  g_autofree char *trimmed = NULL;
  gboolean ok;

  g_return_val_if_fail (address != NULL, NULL);

  trimmed = g_strstrip (g_strdup (address));
  self = g_object_new (BERTH_TYPE_ENDPOINT, NULL);

  if (*trimmed == '\0')
    ok = invalid (error, address, _("it is empty"));
  else if (g_str_has_prefix (trimmed, "unix://"))
    ok = parse_unix (self, trimmed, trimmed + strlen ("unix://"), error);
  else if (trimmed[0] == '/')
    ok = parse_unix (self, trimmed, trimmed, error);
  else if (g_str_has_prefix (trimmed, "tcp://"))
    ok = parse_tcp (self, trimmed, trimmed + strlen ("tcp://"), error);
  else if (g_str_has_prefix (trimmed, "http://"))
    ok = parse_tcp (self, trimmed, trimmed + strlen ("http://"), error);
  else if (g_str_has_prefix (trimmed, "ssh://"))
    ok = invalid (error, address, _("ssh:// addresses are not supported yet; forward the socket with “ssh -L /tmp/docker.sock:/run/docker.sock HOST” and use unix:///tmp/docker.sock"));
  else if (g_str_has_prefix (trimmed, "https://"))
    ok = invalid (error, address, _("TLS addresses are not supported yet"));
  else
    ok = invalid (error, address, _("use unix:///path/to/docker.sock or tcp://HOST:PORT"));

  if (!ok)
    return NULL;

  self->source = g_strdup (_("chosen address"));
  return g_steal_pointer (&self);
}

static BerthEndpoint *
endpoint_from (const char  *address,
               const char  *source,
               GError     **error)
{
  BerthEndpoint *self = berth_endpoint_new_for_address (address, error);

  if (self != NULL)
    berth_endpoint_set_source (self, source);
  return self;
}

static char *
docker_config_dir (const char * const *envp)
{
  const char *dir = g_environ_getenv ((char **) envp, "DOCKER_CONFIG");
  const char *home = g_environ_getenv ((char **) envp, "HOME");

  if (dir != NULL && *dir != '\0')
    return g_strdup (dir);
  return g_build_filename (home ? home : g_get_home_dir (), ".docker", NULL);
}

static JsonNode *
load_json_file (const char  *path,
                GError     **error)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GFile) file = g_file_new_for_path (path);
  JsonNode *root;

  bytes = g_file_load_bytes (file, NULL, NULL, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, G_IO_ERROR, local_error->code, "%s", local_error->message);
      return NULL;
    }

  root = _berth_json_parse_bytes (bytes, &local_error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT,
                   _("%s is not a valid JSON object%s%s"), path,
                   local_error ? ": " : "", local_error ? local_error->message : "");
      g_clear_pointer (&root, json_node_unref);
    }
  return root;
}

static BerthEndpoint *
endpoint_from_context (const char * const  *envp,
                       const char          *name,
                       const char          *how,
                       GError             **error)
{
  g_autofree char *config_dir = docker_config_dir (envp);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, name, -1);
  g_autofree char *meta = g_build_filename (config_dir, "contexts", "meta", digest, "meta.json", NULL);
  g_autofree char *source = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) local_error = NULL;
  JsonObject *endpoints = NULL;
  JsonObject *docker = NULL;
  const char *host = NULL;

  root = load_json_file (meta, &local_error);
  if (root == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT,
                     _("The docker context “%s” (%s) does not exist; see “docker context ls”"),
                     name, how);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!_berth_json_get_object (json_node_get_object (root), "Endpoints", BERTH_JSON_REQUIRED, &endpoints, error) ||
      !_berth_json_get_object (endpoints, "docker", BERTH_JSON_REQUIRED, &docker, error) ||
      !_berth_json_get_string (docker, "Host", BERTH_JSON_REQUIRED, &host, error))
    {
      g_prefix_error (error, _("The docker context “%s” is unusable: "), name);
      return NULL;
    }

  source = g_strdup_printf (_("docker context “%s”"), name);
  return endpoint_from (host, source, error);
}

static char *
current_context (const char * const  *envp,
                 GError             **error)
{
  g_autofree char *config_dir = docker_config_dir (envp);
  g_autofree char *path = g_build_filename (config_dir, "config.json", NULL);
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) local_error = NULL;
  const char *name = NULL;

  root = load_json_file (path, &local_error);
  if (root == NULL)
    {
      /* No config file is the normal case; a broken one is worth saying. */
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!_berth_json_get_string (json_node_get_object (root), "currentContext",
                               BERTH_JSON_OPTIONAL, &name, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }

  return g_strdup (name);
}

/**
 * berth_endpoint_list_default_sockets:
 * @envp: the environment to read XDG_RUNTIME_DIR from
 *
 * Returns: (transfer full): the well-known sockets, most usual first
 */
char **
berth_endpoint_list_default_sockets (const char * const *envp)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  const char *runtime_dir = g_environ_getenv ((char **) envp, "XDG_RUNTIME_DIR");

  g_strv_builder_add (builder, "/run/docker.sock");
  if (runtime_dir != NULL && *runtime_dir != '\0')
    {
      g_autofree char *rootless = g_build_filename (runtime_dir, "docker.sock", NULL);
      g_autofree char *podman = g_build_filename (runtime_dir, "podman", "podman.sock", NULL);

      g_strv_builder_add (builder, rootless);
      g_strv_builder_add (builder, podman);
    }
  g_strv_builder_add (builder, "/run/podman/podman.sock");

  return g_strv_builder_end (builder);
}

static BerthEndpoint *
default_socket (const char * const  *envp,
                GError             **error)
{
  g_auto (GStrv) sockets = berth_endpoint_list_default_sockets (envp);
  g_autofree char *tried = NULL;

  for (guint i = 0; sockets[i] != NULL; i++)
    {
      if (g_file_test (sockets[i], G_FILE_TEST_EXISTS) &&
          !g_file_test (sockets[i], G_FILE_TEST_IS_REGULAR | G_FILE_TEST_IS_DIR))
        return endpoint_from (sockets[i], _("default socket"), error);
    }

  tried = g_strjoinv (", ", sockets);
  g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NO_ENGINE,
               _("No container engine socket was found (looked for %s)"), tried);
  return NULL;
}

/**
 * berth_endpoint_discover:
 * @envp: (nullable): the environment to read, or %NULL for the process's
 *
 * Finds the engine the way the docker CLI does. This reads small local
 * files; call berth_endpoint_discover_async() from the main thread.
 *
 * Returns: (transfer full): the endpoint, or %NULL with @error set
 */
BerthEndpoint *
berth_endpoint_discover (const char * const  *envp,
                         GError             **error)
{
  g_auto (GStrv) own_env = NULL;
  g_autofree char *context = NULL;
  g_autoptr (GError) local_error = NULL;
  const char *value;

  if (envp == NULL)
    envp = (const char * const *) (own_env = g_get_environ ());

  value = g_environ_getenv ((char **) envp, "DOCKER_HOST");
  if (value != NULL && *value != '\0')
    return endpoint_from (value, "DOCKER_HOST", error);

  value = g_environ_getenv ((char **) envp, "DOCKER_CONTEXT");
  if (value != NULL && *value != '\0')
    {
      if (g_strcmp0 (value, "default") == 0)
        return default_socket (envp, error);
      return endpoint_from_context (envp, value, "DOCKER_CONTEXT", error);
    }

  context = current_context (envp, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (context != NULL && *context != '\0' && g_strcmp0 (context, "default") != 0)
    return endpoint_from_context (envp, context, "currentContext", error);

  return default_socket (envp, error);
}

static void
discover_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;
  BerthEndpoint *endpoint = berth_endpoint_discover (task_data, &error);

  if (endpoint == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, endpoint, g_object_unref);
}

void
berth_endpoint_discover_async (const char * const  *envp,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_endpoint_discover_async);
  g_task_set_task_data (task,
                        envp ? g_strdupv ((char **) envp) : g_get_environ (),
                        (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, discover_thread);
}

BerthEndpoint *
berth_endpoint_discover_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

BerthEndpointKind
berth_endpoint_get_kind (BerthEndpoint *self)
{
  g_return_val_if_fail (BERTH_IS_ENDPOINT (self), 0);
  return self->kind;
}

/* The canonical address: unix:///path or tcp://host:port. */
const char *
berth_endpoint_get_address (BerthEndpoint *self)
{
  g_return_val_if_fail (BERTH_IS_ENDPOINT (self), NULL);
  return self->address;
}

const char *
berth_endpoint_get_path (BerthEndpoint *self)
{
  g_return_val_if_fail (BERTH_IS_ENDPOINT (self), NULL);
  return self->path;
}

const char *
berth_endpoint_get_host (BerthEndpoint *self)
{
  g_return_val_if_fail (BERTH_IS_ENDPOINT (self), NULL);
  return self->host;
}

guint16
berth_endpoint_get_port (BerthEndpoint *self)
{
  g_return_val_if_fail (BERTH_IS_ENDPOINT (self), 0);
  return self->port;
}

/* How the endpoint was found, for people: "DOCKER_HOST", "default socket". */
const char *
berth_endpoint_get_source (BerthEndpoint *self)
{
  g_return_val_if_fail (BERTH_IS_ENDPOINT (self), NULL);
  return self->source;
}

void
berth_endpoint_set_source (BerthEndpoint *self,
                           const char    *source)
{
  g_return_if_fail (BERTH_IS_ENDPOINT (self));

  g_free (self->source);
  self->source = g_strdup (source);
}

/* What request URIs start with: the socket needs a host name, any will do. */
const char *
berth_endpoint_get_base_uri (BerthEndpoint *self)
{
  g_return_val_if_fail (BERTH_IS_ENDPOINT (self), NULL);
  return self->base_uri;
}

/**
 * berth_endpoint_create_connectable:
 *
 * Returns: (transfer full): where to connect a socket to
 */
GSocketConnectable *
berth_endpoint_create_connectable (BerthEndpoint *self)
{
  g_return_val_if_fail (BERTH_IS_ENDPOINT (self), NULL);

  if (self->kind == BERTH_ENDPOINT_KIND_UNIX)
    return G_SOCKET_CONNECTABLE (g_unix_socket_address_new (self->path));

  return g_network_address_new (self->host, self->port);
}
