/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "berth-engine-error.h"
#include "berth-json-private.h"
#include "berth-progress.h"
#include "berth-registry-auth.h"

/* Registry credentials: the X-Registry-Auth header, POST /auth, the desktop
 * keyring (never a plain file) and, read-only, docker's config.json to offer
 * servers the user already knows. */

G_DEFINE_BOXED_TYPE (BerthRegistryAuth, berth_registry_auth,
                     berth_registry_auth_copy, berth_registry_auth_free)

/* Secrets are wiped before their memory is given back. */
static void
free_secret (char *secret)
{
  if (secret != NULL)
    {
      explicit_bzero (secret, strlen (secret));
      g_free (secret);
    }
}

BerthRegistryAuth *
berth_registry_auth_new (const char *server,
                         const char *username,
                         const char *password)
{
  BerthRegistryAuth *self = g_new0 (BerthRegistryAuth, 1);

  self->server = g_strdup (server);
  self->username = g_strdup (username);
  self->password = g_strdup (password);
  return self;
}

BerthRegistryAuth *
berth_registry_auth_copy (const BerthRegistryAuth *self)
{
  BerthRegistryAuth *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = berth_registry_auth_new (self->server, self->username, self->password);
  copy->identity_token = g_strdup (self->identity_token);
  return copy;
}

void
berth_registry_auth_free (BerthRegistryAuth *self)
{
  if (self == NULL)
    return;

  g_free (self->server);
  g_free (self->username);
  free_secret (self->password);
  free_secret (self->identity_token);
  g_free (self);
}

static gboolean
is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}

/**
 * berth_registry_server_for_registry:
 * @registry: (nullable): a registry host as in an image reference
 *   ("127.0.0.1:5000", "docker.io"), or a server address with a scheme
 *
 * Returns: (transfer full): the server credentials are filed under:
 *   %BERTH_REGISTRY_DOCKER_HUB_SERVER for Docker Hub, the bare host[:port]
 *   for any other registry
 */
char *
berth_registry_server_for_registry (const char *registry)
{
  const char *host = registry;
  const char *slash;

  if (is_empty (host))
    return g_strdup (BERTH_REGISTRY_DOCKER_HUB_SERVER);

  if (g_str_has_prefix (host, "https://"))
    host += strlen ("https://");
  else if (g_str_has_prefix (host, "http://"))
    host += strlen ("http://");

  slash = strchr (host, '/');
  if (slash != NULL)
    {
      g_autofree char *bare = g_strndup (host, slash - host);

      return berth_registry_server_for_registry (bare);
    }

  if (g_ascii_strcasecmp (host, "docker.io") == 0 ||
      g_ascii_strcasecmp (host, "index.docker.io") == 0 ||
      g_ascii_strcasecmp (host, "registry-1.docker.io") == 0)
    return g_strdup (BERTH_REGISTRY_DOCKER_HUB_SERVER);

  return g_ascii_strdown (host, -1);
}

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT, message);
  return FALSE;
}

/**
 * berth_registry_auth_validate:
 *
 * Checks the credentials are complete before anything is sent.
 */
gboolean
berth_registry_auth_validate (const BerthRegistryAuth  *self,
                              GError                  **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (is_empty (self->server))
    return invalid (error, _("Name the registry to log in to, like “registry.example.com:5000”"));

  for (const char *p = self->server; *p; p++)
    {
      if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
        return invalid (error, _("A registry address cannot contain spaces"));
    }

  if (!is_empty (self->identity_token))
    return TRUE;

  if (is_empty (self->username))
    return invalid (error, _("Enter the user name for this registry"));
  if (strchr (self->username, ':') != NULL)
    return invalid (error, _("A user name cannot contain “:”"));
  if (is_empty (self->password))
    return invalid (error, _("Enter the password or access token for this registry"));

  return TRUE;
}

/**
 * berth_registry_auth_to_json:
 * @self: (nullable): credentials, or %NULL for none
 *
 * Returns: (transfer full): the engine's AuthConfig, e.g.
 *   {"username":"u","password":"p","serveraddress":"host:5000"}; "{}" for none
 */
JsonNode *
berth_registry_auth_to_json (const BerthRegistryAuth *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  if (self != NULL)
    {
      /* A stored token's user name is docker's placeholder, not a user. */
      gboolean placeholder = g_strcmp0 (self->username, BERTH_REGISTRY_TOKEN_USERNAME) == 0;
      const struct { const char *name; const char *value; } members[] = {
        { "username", placeholder ? NULL : self->username },
        { "password", self->password },
        { "serveraddress", self->server },
        { "identitytoken", self->identity_token },
      };

      for (guint i = 0; i < G_N_ELEMENTS (members); i++)
        {
          if (is_empty (members[i].value))
            continue;
          json_builder_set_member_name (builder, members[i].name);
          json_builder_add_string_value (builder, members[i].value);
        }
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * berth_registry_auth_encode:
 * @self: (nullable): credentials, or %NULL to be anonymous
 *
 * Encodes the X-Registry-Auth header as docker does: the AuthConfig JSON in
 * URL-safe base64 with padding. Anonymous is "e30=" ("{}"), which push
 * needs, as Docker refuses a push without the header.
 *
 * Returns: (transfer full): the header value
 */
char *
berth_registry_auth_encode (const BerthRegistryAuth *self)
{
  g_autoptr (JsonNode) json = berth_registry_auth_to_json (self);
  char *text = json_to_string (json, FALSE);
  char *encoded = g_base64_encode ((const guchar *) text, strlen (text));

  free_secret (text);
  for (char *p = encoded; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
    }

  return encoded;
}

static gboolean
is_docker_hub (const char *server)
{
  g_autofree char *normal = berth_registry_server_for_registry (server);

  return g_strcmp0 (normal, BERTH_REGISTRY_DOCKER_HUB_SERVER) == 0;
}

/**
 * berth_registry_auth_login_argv:
 *
 * The password never goes on a command line: docker reads it from stdin.
 *
 * Returns: (transfer full): e.g. { "docker", "login", "-u", "me",
 *   "--password-stdin", "registry.example.com", NULL }
 */
char **
berth_registry_auth_login_argv (const BerthRegistryAuth *self)
{
  g_autoptr (GStrvBuilder) argv = g_strv_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  g_strv_builder_addv (argv, (const char *[]) { "docker", "login", NULL });
  if (!is_empty (self->username) && g_strcmp0 (self->username, BERTH_REGISTRY_TOKEN_USERNAME) != 0)
    g_strv_builder_addv (argv, (const char *[]) { "-u", self->username, NULL });
  g_strv_builder_add (argv, "--password-stdin");
  if (!is_docker_hub (self->server))
    {
      g_autofree char *server = berth_registry_server_for_registry (self->server);

      g_strv_builder_add (argv, server);
    }

  return g_strv_builder_end (argv);
}

/**
 * berth_registry_auth_logout_argv:
 *
 * Returns: (transfer full): e.g. { "docker", "logout", "registry.example.com", NULL }
 */
char **
berth_registry_auth_logout_argv (const char *server)
{
  g_autoptr (GStrvBuilder) argv = g_strv_builder_new ();

  g_strv_builder_addv (argv, (const char *[]) { "docker", "logout", NULL });
  if (!is_docker_hub (server))
    {
      g_autofree char *normal = berth_registry_server_for_registry (server);

      g_strv_builder_add (argv, normal);
    }

  return g_strv_builder_end (argv);
}

/* POST /auth ------------------------------------------------------------------ */

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  BerthRegistryAuth *auth = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  const char *status = NULL, *token = NULL;
  JsonObject *object_ = NULL;

  root = berth_engine_send_json_finish (BERTH_ENGINE (object), result, &error);
  if (error != NULL)
    {
      /* Docker answers a refused login with 500 and the registry's words. */
      berth_stream_error_classify (error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (root != NULL &&
      (!_berth_json_node_object (root, "auth", &object_, &error) ||
       !_berth_json_get_string (object_, "Status", BERTH_JSON_OPTIONAL, &status, &error) ||
       !_berth_json_get_string (object_, "IdentityToken", BERTH_JSON_OPTIONAL, &token, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* As docker does: keep the token the registry gave instead of the password. */
  if (!is_empty (token))
    {
      g_clear_pointer (&auth->password, free_secret);
      free_secret (auth->identity_token);
      auth->identity_token = g_strdup (token);
    }

  g_object_set_data_full (G_OBJECT (task), "status",
                          g_strdup (is_empty (status) ? _("Login Succeeded") : status), g_free);
  g_task_return_pointer (task, berth_registry_auth_copy (auth), (GDestroyNotify) berth_registry_auth_free);
}

/**
 * berth_registry_login_async:
 * @auth: the credentials to check
 *
 * Asks the engine to log in to the registry (POST /auth), as `docker login`
 * does; nothing is stored.
 */
void
berth_registry_login_async (BerthEngine             *engine,
                            const BerthRegistryAuth *auth,
                            GCancellable            *cancellable,
                            GAsyncReadyCallback      callback,
                            gpointer                 user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (GError) error = NULL;
  BerthRegistryAuth *copy;

  g_return_if_fail (BERTH_IS_ENGINE (engine));
  g_return_if_fail (auth != NULL);

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_registry_login_async);

  if (!berth_registry_auth_validate (auth, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  copy = berth_registry_auth_copy (auth);
  g_free (copy->server);
  copy->server = berth_registry_server_for_registry (auth->server);
  g_task_set_task_data (task, copy, (GDestroyNotify) berth_registry_auth_free);

  message = berth_engine_new_message (engine, SOUP_METHOD_POST, "/auth");
  body = berth_registry_auth_to_json (copy);
  berth_engine_set_json_body (message, body);
  berth_engine_send_json_async (engine, message, cancellable, login_cb, g_steal_pointer (&task));
}

/**
 * berth_registry_login_finish:
 * @status: (out) (optional): the registry's answer, e.g. "Login Succeeded"
 *
 * Returns: (transfer full): the credentials to keep (with an identity token
 *   in place of the password when the registry gave one), or %NULL with
 *   @error set: %BERTH_ENGINE_ERROR_UNAUTHORIZED for a refused password,
 *   with the registry's words
 */
BerthRegistryAuth *
berth_registry_login_finish (BerthEngine   *engine,
                             GAsyncResult  *result,
                             char         **status,
                             GError       **error)
{
  BerthRegistryAuth *auth;

  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);

  auth = g_task_propagate_pointer (G_TASK (result), error);
  if (status != NULL)
    *status = auth ? g_strdup (g_object_get_data (G_OBJECT (result), "status")) : NULL;
  return auth;
}

/* The keyring ----------------------------------------------------------------- */

static const SecretSchema *
registry_schema (void)
{
  static const SecretSchema schema = {
    BERTH_REGISTRY_SECRET_SCHEMA, SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

static GError *
keyring_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  return g_error_new (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED,
                      _("The desktop keyring is not available (%s). Berth keeps registry "
                        "passwords only there: start a keyring such as GNOME Keyring, or "
                        "log in again each time."),
                      error->message);
}

/* Without a session bus libsecret would try to autolaunch one; say plainly
 * that there is no keyring instead. */
static gboolean
check_session_bus (GError **error)
{
  const char *address = g_getenv ("DBUS_SESSION_BUS_ADDRESS");
  g_autofree char *socket = NULL;
  g_autoptr (GError) local_error = NULL;

  if (!is_empty (address))
    return TRUE;

  socket = g_build_filename (g_get_user_runtime_dir (), "bus", NULL);
  if (g_file_test (socket, G_FILE_TEST_EXISTS))
    return TRUE;

  local_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                     _("there is no desktop session bus"));
  g_propagate_error (error, keyring_error (local_error));
  return FALSE;
}

static GHashTable *
attributes_for (const char *server,
                const char *username)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  if (server != NULL)
    g_hash_table_insert (attributes, (gpointer) "server", berth_registry_server_for_registry (server));
  if (!is_empty (username))
    g_hash_table_insert (attributes, (gpointer) "username", g_strdup (username));
  return attributes;
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * berth_registry_auth_store_async:
 *
 * Saves @auth in the desktop keyring (schema %BERTH_REGISTRY_SECRET_SCHEMA,
 * attributes server and username), replacing what was saved for the same
 * server and user. An identity token is kept under the user name
 * %BERTH_REGISTRY_TOKEN_USERNAME, as docker keeps it.
 */
void
berth_registry_auth_store_async (const BerthRegistryAuth *auth,
                                 GCancellable            *cancellable,
                                 GAsyncReadyCallback      callback,
                                 gpointer                 user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GHashTable) attributes = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *label = NULL;
  gboolean token;

  g_return_if_fail (auth != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_registry_auth_store_async);

  if (!berth_registry_auth_validate (auth, &error) || !check_session_bus (&error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  token = !is_empty (auth->identity_token);
  attributes = attributes_for (auth->server, token ? BERTH_REGISTRY_TOKEN_USERNAME : auth->username);
  label = g_strdup_printf (_("Container registry login for %s"),
                           (const char *) g_hash_table_lookup (attributes, "server"));

  secret_password_storev (registry_schema (), attributes, SECRET_COLLECTION_DEFAULT, label,
                          token ? auth->identity_token : auth->password,
                          cancellable, store_cb, g_steal_pointer (&task));
}

gboolean
berth_registry_auth_store_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static BerthRegistryAuth *
auth_from_item (SecretItem *item,
                gboolean    with_secret)
{
  g_autoptr (GHashTable) attributes = secret_item_get_attributes (item);
  const char *username = g_hash_table_lookup (attributes, "username");
  BerthRegistryAuth *auth = berth_registry_auth_new (g_hash_table_lookup (attributes, "server"),
                                                     username, NULL);

  if (with_secret)
    {
      g_autoptr (SecretValue) value = secret_item_get_secret (item);
      const char *text = value ? secret_value_get_text (value) : NULL;

      if (g_strcmp0 (username, BERTH_REGISTRY_TOKEN_USERNAME) == 0)
        auth->identity_token = g_strdup (text);
      else
        auth->password = g_strdup (text);
    }

  return auth;
}

typedef struct
{
  GHashTable        *attributes;
  SecretSearchFlags  flags;
} SearchData;

static void
search_data_free (SearchData *data)
{
  g_clear_pointer (&data->attributes, g_hash_table_unref);
  g_free (data);
}

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  SearchData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_registry_auth_free);
  GList *items;

  items = secret_service_search_finish (SECRET_SERVICE (object), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, keyring_error (error));
      return;
    }

  for (GList *l = items; l != NULL; l = l->next)
    g_ptr_array_add (found, auth_from_item (l->data, (data->flags & SECRET_SEARCH_LOAD_SECRETS) != 0));
  g_list_free_full (items, g_object_unref);

  g_task_return_pointer (task, g_steal_pointer (&found), (GDestroyNotify) g_ptr_array_unref);
}

static void
service_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  SearchData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (SecretService) service = secret_service_get_finish (result, &error);
  GCancellable *cancellable;

  if (service == NULL)
    {
      g_task_return_error (task, keyring_error (error));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  secret_service_search (service, registry_schema (), data->attributes, data->flags,
                         cancellable, search_cb, g_steal_pointer (&task));
}

/* Finds the registry items matching @attributes; the task returns a
 * GPtrArray of BerthRegistryAuth. */
static void
search (GHashTable          *attributes,
        SecretSearchFlags    flags,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr (GError) error = NULL;
  SearchData *data = g_new0 (SearchData, 1);

  g_task_set_source_tag (task, search);
  data->attributes = attributes;
  data->flags = flags;
  g_task_set_task_data (task, data, (GDestroyNotify) search_data_free);

  if (!check_session_bus (&error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  secret_service_get ((flags & SECRET_SEARCH_LOAD_SECRETS) ? SECRET_SERVICE_OPEN_SESSION : SECRET_SERVICE_NONE,
                      cancellable, service_cb, g_steal_pointer (&task));
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = g_task_propagate_pointer (G_TASK (result), &error);

  if (found == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (found->len == 0)
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_return_pointer (task, g_ptr_array_steal_index (found, 0),
                           (GDestroyNotify) berth_registry_auth_free);
}

/**
 * berth_registry_auth_lookup_async:
 * @server: the registry
 * @username: (nullable): the user, or %NULL for whoever logged in there
 *
 * Reads the saved credentials for @server from the keyring (which may ask
 * the user to unlock it).
 */
void
berth_registry_auth_lookup_async (const char          *server,
                                  const char          *username,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (server != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_registry_auth_lookup_async);
  search (attributes_for (server, username), SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
          cancellable, lookup_cb, task);
}

/**
 * berth_registry_auth_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the credentials, or %NULL (without
 *   an error) when none are saved for that server
 */
BerthRegistryAuth *
berth_registry_auth_lookup_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  /* FALSE without an error: there was nothing to remove, which is fine. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * berth_registry_auth_clear_async:
 * @username: (nullable): the user, or %NULL for every user of @server
 *
 * Logs out: removes the saved credentials for @server from the keyring.
 */
void
berth_registry_auth_clear_async (const char          *server,
                                 const char          *username,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GHashTable) attributes = NULL;
  g_autoptr (GError) error = NULL;

  g_return_if_fail (server != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_registry_auth_clear_async);

  if (!check_session_bus (&error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  attributes = attributes_for (server, username);
  secret_password_clearv (registry_schema (), attributes, cancellable, clear_cb, g_steal_pointer (&task));
}

gboolean
berth_registry_auth_clear_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  GPtrArray *found = g_task_propagate_pointer (G_TASK (result), &error);

  if (found == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * berth_registry_auth_list_async:
 *
 * Lists the registries with saved credentials, without reading the secrets
 * (so the keyring need not be unlocked).
 */
void
berth_registry_auth_list_async (GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, berth_registry_auth_list_async);
  search (attributes_for (NULL, NULL), SECRET_SEARCH_ALL, cancellable, list_cb, task);
}

/**
 * berth_registry_auth_list_finish:
 *
 * Returns: (transfer full) (element-type BerthRegistryAuth): server and
 *   user of each saved login, without passwords
 */
GPtrArray *
berth_registry_auth_list_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* docker's config.json ---------------------------------------------------------- */

/**
 * berth_docker_config_path:
 *
 * Returns: (transfer full): $DOCKER_CONFIG/config.json, or
 *   ~/.docker/config.json, as the docker CLI reads it
 */
char *
berth_docker_config_path (void)
{
  const char *dir = g_getenv ("DOCKER_CONFIG");

  if (!is_empty (dir))
    return g_build_filename (dir, "config.json", NULL);
  return g_build_filename (g_get_home_dir (), ".docker", "config.json", NULL);
}

/* "auth" is base64 of "user:password": only the user is kept. */
static char *
username_from_auth (const char *auth)
{
  guchar *decoded;
  gsize length = 0;
  const guchar *colon;
  char *username = NULL;

  if (is_empty (auth))
    return NULL;

  decoded = g_base64_decode (auth, &length);
  colon = memchr (decoded, ':', length);
  if (colon != NULL && colon > decoded && g_utf8_validate ((const char *) decoded, colon - decoded, NULL))
    username = g_strndup ((const char *) decoded, colon - decoded);

  explicit_bzero (decoded, length);
  g_free (decoded);
  return username;
}

static void
add_known_server (GPtrArray  *servers,
                  const char *server,
                  const char *username)
{
  g_autofree char *normal = berth_registry_server_for_registry (server);

  for (guint i = 0; i < servers->len; i++)
    {
      BerthRegistryAuth *known = g_ptr_array_index (servers, i);

      if (g_strcmp0 (known->server, normal) == 0)
        {
          if (known->username == NULL)
            known->username = g_strdup (username);
          return;
        }
    }

  g_ptr_array_add (servers, berth_registry_auth_new (normal, username, NULL));
}

/**
 * berth_docker_config_parse_auths:
 * @data: the text of docker's config.json
 *
 * Lists the servers docker knows credentials for ("auths", and
 * "credHelpers"), with the user name where the file holds one. Passwords
 * are never kept.
 *
 * Returns: (transfer full) (element-type BerthRegistryAuth): the servers,
 *   or %NULL with @error set when the file is not valid JSON
 */
GPtrArray *
berth_docker_config_parse_auths (const char  *data,
                                 gssize       length,
                                 GError     **error)
{
  g_autoptr (GPtrArray) servers = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_registry_auth_free);
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root = NULL, *auths = NULL, *helpers = NULL;
  GList *members;

  g_return_val_if_fail (data != NULL, NULL);

  if (!json_parser_load_from_data (parser, data, length, error) ||
      !_berth_json_node_object (json_parser_get_root (parser), "config.json", &root, error) ||
      !_berth_json_get_object (root, "auths", BERTH_JSON_OPTIONAL, &auths, error) ||
      !_berth_json_get_object (root, "credHelpers", BERTH_JSON_OPTIONAL, &helpers, error))
    return NULL;

  /* In the file's order, so the list reads like the file. */
  members = auths ? json_object_get_members (auths) : NULL;
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (auths, l->data);
      g_autofree char *username = NULL;
      const char *auth = NULL, *plain = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *entry = json_node_get_object (node);

          if (!_berth_json_get_string (entry, "auth", BERTH_JSON_OPTIONAL, &auth, NULL))
            auth = NULL;
          if (!_berth_json_get_string (entry, "username", BERTH_JSON_OPTIONAL, &plain, NULL))
            plain = NULL;
          username = plain ? g_strdup (plain) : username_from_auth (auth);
        }
      add_known_server (servers, l->data, username);
    }
  g_list_free (members);

  members = helpers ? json_object_get_members (helpers) : NULL;
  for (GList *l = members; l != NULL; l = l->next)
    add_known_server (servers, l->data, NULL);
  g_list_free (members);

  return g_steal_pointer (&servers);
}

static void
config_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  GPtrArray *servers;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_task_return_pointer (task,
                               g_ptr_array_new_with_free_func ((GDestroyNotify) berth_registry_auth_free),
                               (GDestroyNotify) g_ptr_array_unref);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  servers = berth_docker_config_parse_auths (contents, length, &error);
  explicit_bzero (contents, length);
  if (servers == NULL)
    g_task_return_new_error (task, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA,
                             _("Docker’s configuration %s cannot be read: %s"),
                             g_file_peek_path (G_FILE (object)), error->message);
  else
    g_task_return_pointer (task, servers, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * berth_docker_config_list_async:
 *
 * Reads docker's config.json (see berth_docker_config_path()) to offer the
 * registries the user logged in to with docker. The file is never written.
 */
void
berth_docker_config_list_async (GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *path = berth_docker_config_path ();
  g_autoptr (GFile) file = g_file_new_for_path (path);

  g_task_set_source_tag (task, berth_docker_config_list_async);
  g_file_load_contents_async (file, cancellable, config_loaded_cb, g_steal_pointer (&task));
}

/**
 * berth_docker_config_list_finish:
 *
 * Returns: (transfer full) (element-type BerthRegistryAuth): the servers
 *   (none when there is no config file), without passwords
 */
GPtrArray *
berth_docker_config_list_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
