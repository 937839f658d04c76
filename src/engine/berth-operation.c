/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "berth-engine-error.h"
#include "berth-operation.h"
#include "berth-shell.h"

G_DEFINE_BOXED_TYPE (BerthOperation, berth_operation, berth_operation_copy, berth_operation_free)

BerthOperation *
berth_operation_new (BerthOperationKind  kind,
                     const char         *target,
                     const char         *name)
{
  BerthOperation *self = g_new0 (BerthOperation, 1);

  self->kind = kind;
  self->target = g_strdup (target);
  self->name = g_strdup (name);
  return self;
}

BerthOperation *
berth_operation_copy (const BerthOperation *self)
{
  BerthOperation *copy = g_memdup2 (self, sizeof *self);

  copy->target = g_strdup (self->target);
  copy->name = g_strdup (self->name);
  copy->driver = g_strdup (self->driver);
  copy->labels = g_strdupv (self->labels);
  copy->subnet = g_strdup (self->subnet);
  copy->gateway = g_strdup (self->gateway);
  return copy;
}

void
berth_operation_free (BerthOperation *self)
{
  if (self == NULL)
    return;

  g_free (self->target);
  g_free (self->name);
  g_free (self->driver);
  g_strfreev (self->labels);
  g_free (self->subnet);
  g_free (self->gateway);
  g_free (self);
}

/* Validation --------------------------------------------------------------- */

/**
 * berth_validate_object_name:
 * @what: what is being named, for the message ("volume", "network")
 * @min_length: the engine's minimum (2 for volumes)
 *
 * Checks a name the way the engine does: a letter or digit, then letters,
 * digits, "_", "." or "-".
 */
gboolean
berth_validate_object_name (const char  *name,
                            const char  *what,
                            guint        min_length,
                            GError     **error)
{
  if (name == NULL || *name == '\0')
    return berth_engine_error_invalid (error, _("The %s needs a name"), what);

  if (!g_ascii_isalnum (name[0]))
    return berth_engine_error_invalid (error, _("A %s name must start with a letter or a digit, like “data”"), what);

  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      if (!g_ascii_isalnum (*p) && strchr ("_.-", *p) == NULL)
        {
          int len = (int) (g_utf8_next_char (p) - p);

          if (!g_utf8_validate (p, len, NULL))
            len = 1;
          return berth_engine_error_invalid (error,
                                             _("“%.*s” cannot be used in a %s name: use letters, digits, “_”, “.” and “-”"),
                                             len, p, what);
        }
    }

  if (strlen (name) < min_length)
    return berth_engine_error_invalid (error, _("A %s name needs at least %u characters"), what, min_length);

  return TRUE;
}

gboolean
berth_validate_label (const char  *label,
                      GError     **error)
{
  const char *eq = label ? strchr (label, '=') : NULL;

  if (label == NULL || *label == '\0' || eq == label)
    return berth_engine_error_invalid (error, _("A label needs a key, like “project=web”"));

  for (const char *p = label; p < (eq ? eq : label + strlen (label)); p++)
    {
      if (g_ascii_isspace (*p))
        return berth_engine_error_invalid (error, _("The label key “%s” contains a space"), label);
    }

  return TRUE;
}

/**
 * berth_validate_subnet:
 * @subnet: (nullable): CIDR, like 172.28.0.0/16
 * @gateway: (nullable): an address inside @subnet
 */
gboolean
berth_validate_subnet (const char  *subnet,
                       const char  *gateway,
                       GError     **error)
{
  g_autoptr (GInetAddressMask) mask = NULL;
  g_autoptr (GInetAddress) address = NULL;
  gboolean has_subnet = subnet != NULL && *subnet != '\0';
  gboolean has_gateway = gateway != NULL && *gateway != '\0';

  if (has_subnet)
    {
      mask = strchr (subnet, '/') ? g_inet_address_mask_new_from_string (subnet, NULL) : NULL;
      if (mask == NULL)
        return berth_engine_error_invalid (error, _("“%s” is not a subnet; write it as ADDRESS/PREFIX, like 172.28.0.0/16"), subnet);
    }

  if (has_gateway)
    {
      if (!has_subnet)
        return berth_engine_error_invalid (error, _("A gateway needs a subnet to belong to"));

      address = g_inet_address_new_from_string (gateway);
      if (address == NULL)
        return berth_engine_error_invalid (error, _("“%s” is not an IP address, like 172.28.0.1"), gateway);
      if (!g_inet_address_mask_matches (mask, address))
        return berth_engine_error_invalid (error, _("The gateway %s is not inside the subnet %s"), gateway, subnet);
    }

  return TRUE;
}

static const char *
cli_name (const BerthOperation *self)
{
  return self->name != NULL ? self->name : self->target;
}

static gboolean
needs_target (BerthOperationKind kind)
{
  return kind != BERTH_OPERATION_IMAGE_PRUNE &&
         kind != BERTH_OPERATION_VOLUME_PRUNE &&
         kind != BERTH_OPERATION_NETWORK_PRUNE;
}

/**
 * berth_operation_validate:
 *
 * Checks what the user gave before anything is sent.
 */
gboolean
berth_operation_validate (const BerthOperation  *self,
                          GError               **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->kind == BERTH_OPERATION_VOLUME_CREATE)
    {
      /* An empty name asks the engine to choose one. */
      if (self->target != NULL && *self->target != '\0' &&
          !berth_validate_object_name (self->target, _("volume"), 2, error))
        return FALSE;
    }
  else if (self->kind == BERTH_OPERATION_NETWORK_CREATE)
    {
      if (!berth_validate_object_name (self->target, _("network"), 1, error) ||
          !berth_validate_subnet (self->subnet, self->gateway, error))
        return FALSE;
    }
  else if (needs_target (self->kind) && (self->target == NULL || *self->target == '\0'))
    return berth_engine_error_invalid (error, _("Nothing was chosen to act on"));

  if (self->driver != NULL && *self->driver != '\0')
    {
      for (const char *p = self->driver; *p; p++)
        {
          if (!g_ascii_isalnum (*p) && strchr ("_.-/:", *p) == NULL)
            return berth_engine_error_invalid (error, _("“%s” is not a driver name, like “local” or “bridge”"), self->driver);
        }
    }

  for (guint i = 0; self->labels != NULL && self->labels[i] != NULL; i++)
    {
      if (!berth_validate_label (self->labels[i], error))
        return FALSE;
    }

  return TRUE;
}

/* The request -------------------------------------------------------------- */

static gboolean
volume_prune_needs_all (const char *api_version)
{
  /* From API 1.42, volume prune keeps named volumes unless asked for all. */
  return berth_api_version_compare (api_version, "1.42") >= 0;
}

static void
add_labels (JsonBuilder *builder,
            char       **labels)
{
  json_builder_set_member_name (builder, "Labels");
  json_builder_begin_object (builder);
  for (guint i = 0; labels != NULL && labels[i] != NULL; i++)
    {
      const char *eq = strchr (labels[i], '=');
      g_autofree char *key = eq ? g_strndup (labels[i], eq - labels[i]) : g_strdup (labels[i]);

      json_builder_set_member_name (builder, key);
      json_builder_add_string_value (builder, eq ? eq + 1 : "");
    }
  json_builder_end_object (builder);
}

static JsonNode *
volume_create_body (const BerthOperation *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  if (self->target != NULL && *self->target != '\0')
    {
      json_builder_set_member_name (builder, "Name");
      json_builder_add_string_value (builder, self->target);
    }
  json_builder_set_member_name (builder, "Driver");
  json_builder_add_string_value (builder, self->driver && *self->driver ? self->driver : "local");
  add_labels (builder, self->labels);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
network_create_body (const BerthOperation *self,
                     const char           *api_version)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Name");
  json_builder_add_string_value (builder, self->target);
  json_builder_set_member_name (builder, "Driver");
  json_builder_add_string_value (builder, self->driver && *self->driver ? self->driver : "bridge");
  json_builder_set_member_name (builder, "Internal");
  json_builder_add_boolean_value (builder, self->internal);
  /* Before 1.44 the engine allows duplicate names unless asked not to. */
  if (berth_api_version_compare (api_version, "1.44") < 0)
    {
      json_builder_set_member_name (builder, "CheckDuplicate");
      json_builder_add_boolean_value (builder, TRUE);
    }
  if (self->subnet != NULL && *self->subnet != '\0')
    {
      json_builder_set_member_name (builder, "IPAM");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "Config");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "Subnet");
      json_builder_add_string_value (builder, self->subnet);
      if (self->gateway != NULL && *self->gateway != '\0')
        {
          json_builder_set_member_name (builder, "Gateway");
          json_builder_add_string_value (builder, self->gateway);
        }
      json_builder_end_object (builder);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  add_labels (builder, self->labels);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static char *
query_bool (const char *path,
            gboolean    force,
            gboolean    volumes)
{
  GString *out = g_string_new (path);
  char sep = '?';

  if (force)
    {
      g_string_append_printf (out, "%cforce=1", sep);
      sep = '&';
    }
  if (volumes)
    g_string_append_printf (out, "%cv=1", sep);

  return g_string_free (out, FALSE);
}

static char *
prune_path (const char *path,
            const char *key,
            const char *value)
{
  g_autofree char *filters = berth_engine_filters_query (key, value, NULL);

  return g_strconcat (path, "?", filters, NULL);
}

static const char *
container_verb (BerthOperationKind kind)
{
  switch (kind)
    {
    case BERTH_OPERATION_CONTAINER_START: return "start";
    case BERTH_OPERATION_CONTAINER_STOP: return "stop";
    case BERTH_OPERATION_CONTAINER_RESTART: return "restart";
    case BERTH_OPERATION_CONTAINER_PAUSE: return "pause";
    case BERTH_OPERATION_CONTAINER_UNPAUSE: return "unpause";
    case BERTH_OPERATION_CONTAINER_KILL: return "kill";
    default: return NULL;
    }
}

/**
 * berth_operation_build_request:
 * @api_version: the negotiated API version (some requests depend on it)
 * @method: (out): the HTTP method
 * @path: (out): the API path with its query, escaped
 * @body: (out) (nullable): the JSON body, if any
 *
 * Returns: %FALSE with @error set when the operation is not valid
 */
gboolean
berth_operation_build_request (const BerthOperation  *self,
                               const char            *api_version,
                               const char           **method,
                               char                 **path,
                               JsonNode             **body,
                               GError               **error)
{
  g_autofree char *target = NULL;
  g_autofree char *base = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!berth_operation_validate (self, error))
    return FALSE;

  target = self->target ? berth_engine_escape (self->target) : g_strdup ("");
  *body = NULL;
  *method = SOUP_METHOD_POST;

  switch (self->kind)
    {
    case BERTH_OPERATION_CONTAINER_START:
    case BERTH_OPERATION_CONTAINER_STOP:
    case BERTH_OPERATION_CONTAINER_RESTART:
    case BERTH_OPERATION_CONTAINER_PAUSE:
    case BERTH_OPERATION_CONTAINER_UNPAUSE:
    case BERTH_OPERATION_CONTAINER_KILL:
      *path = g_strdup_printf ("/containers/%s/%s", target, container_verb (self->kind));
      break;
    case BERTH_OPERATION_CONTAINER_REMOVE:
      *method = SOUP_METHOD_DELETE;
      base = g_strdup_printf ("/containers/%s", target);
      *path = query_bool (base, self->force, self->remove_volumes);
      break;
    case BERTH_OPERATION_IMAGE_REMOVE:
      *method = SOUP_METHOD_DELETE;
      base = g_strdup_printf ("/images/%s", target);
      *path = query_bool (base, self->force, FALSE);
      break;
    case BERTH_OPERATION_IMAGE_PRUNE:
      *path = prune_path ("/images/prune", "dangling", self->all ? "false" : "true");
      break;
    case BERTH_OPERATION_VOLUME_CREATE:
      *path = g_strdup ("/volumes/create");
      *body = volume_create_body (self);
      break;
    case BERTH_OPERATION_VOLUME_REMOVE:
      *method = SOUP_METHOD_DELETE;
      base = g_strdup_printf ("/volumes/%s", target);
      *path = query_bool (base, self->force, FALSE);
      break;
    case BERTH_OPERATION_VOLUME_PRUNE:
      *path = volume_prune_needs_all (api_version)
                ? prune_path ("/volumes/prune", "all", "true")
                : g_strdup ("/volumes/prune");
      break;
    case BERTH_OPERATION_NETWORK_CREATE:
      *path = g_strdup ("/networks/create");
      *body = network_create_body (self, api_version);
      break;
    case BERTH_OPERATION_NETWORK_REMOVE:
      *method = SOUP_METHOD_DELETE;
      *path = g_strdup_printf ("/networks/%s", target);
      break;
    case BERTH_OPERATION_NETWORK_PRUNE:
      *path = g_strdup ("/networks/prune");
      break;
    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

/* The command -------------------------------------------------------------- */

static void
add_label_flags (GStrvBuilder *argv,
                 char        **labels)
{
  for (guint i = 0; labels != NULL && labels[i] != NULL; i++)
    {
      g_strv_builder_add (argv, "--label");
      g_strv_builder_add (argv, labels[i]);
    }
}

static void
add_create_flags (GStrvBuilder         *argv,
                  const BerthOperation *self,
                  const char           *default_driver)
{
  if (self->driver != NULL && *self->driver != '\0' && g_strcmp0 (self->driver, default_driver) != 0)
    {
      g_strv_builder_add (argv, "--driver");
      g_strv_builder_add (argv, self->driver);
    }
  if (self->subnet != NULL && *self->subnet != '\0')
    {
      g_strv_builder_add (argv, "--subnet");
      g_strv_builder_add (argv, self->subnet);
    }
  if (self->gateway != NULL && *self->gateway != '\0')
    {
      g_strv_builder_add (argv, "--gateway");
      g_strv_builder_add (argv, self->gateway);
    }
  if (self->internal)
    g_strv_builder_add (argv, "--internal");
  add_label_flags (argv, self->labels);
  if (self->target != NULL && *self->target != '\0')
    g_strv_builder_add (argv, self->target);
}

/**
 * berth_operation_to_argv:
 *
 * Returns: (transfer full): the docker command that does the same, as
 *   arguments, e.g. { "docker", "rm", "-f", "web", NULL }
 */
char **
berth_operation_to_argv (const BerthOperation *self,
                         const char           *api_version)
{
  g_autoptr (GStrvBuilder) argv = g_strv_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  g_strv_builder_add (argv, "docker");

  switch (self->kind)
    {
    case BERTH_OPERATION_CONTAINER_START:
    case BERTH_OPERATION_CONTAINER_STOP:
    case BERTH_OPERATION_CONTAINER_RESTART:
    case BERTH_OPERATION_CONTAINER_PAUSE:
    case BERTH_OPERATION_CONTAINER_UNPAUSE:
    case BERTH_OPERATION_CONTAINER_KILL:
      g_strv_builder_addv (argv, (const char *[]) { container_verb (self->kind), cli_name (self), NULL });
      break;
    case BERTH_OPERATION_CONTAINER_REMOVE:
      g_strv_builder_add (argv, "rm");
      if (self->force)
        g_strv_builder_add (argv, "-f");
      if (self->remove_volumes)
        g_strv_builder_add (argv, "-v");
      g_strv_builder_add (argv, cli_name (self));
      break;
    case BERTH_OPERATION_IMAGE_REMOVE:
      g_strv_builder_add (argv, "rmi");
      if (self->force)
        g_strv_builder_add (argv, "-f");
      g_strv_builder_add (argv, cli_name (self));
      break;
    case BERTH_OPERATION_IMAGE_PRUNE:
      g_strv_builder_addv (argv, (const char *[]) { "image", "prune", NULL });
      if (self->all)
        g_strv_builder_add (argv, "-a");
      g_strv_builder_add (argv, "-f");
      break;
    case BERTH_OPERATION_VOLUME_CREATE:
      g_strv_builder_addv (argv, (const char *[]) { "volume", "create", NULL });
      add_create_flags (argv, self, "local");
      break;
    case BERTH_OPERATION_VOLUME_REMOVE:
      g_strv_builder_addv (argv, (const char *[]) { "volume", "rm", NULL });
      if (self->force)
        g_strv_builder_add (argv, "-f");
      g_strv_builder_add (argv, cli_name (self));
      break;
    case BERTH_OPERATION_VOLUME_PRUNE:
      g_strv_builder_addv (argv, (const char *[]) { "volume", "prune", NULL });
      if (volume_prune_needs_all (api_version))
        g_strv_builder_add (argv, "-a");
      g_strv_builder_add (argv, "-f");
      break;
    case BERTH_OPERATION_NETWORK_CREATE:
      g_strv_builder_addv (argv, (const char *[]) { "network", "create", NULL });
      add_create_flags (argv, self, "bridge");
      break;
    case BERTH_OPERATION_NETWORK_REMOVE:
      g_strv_builder_addv (argv, (const char *[]) { "network", "rm", cli_name (self), NULL });
      break;
    case BERTH_OPERATION_NETWORK_PRUNE:
      g_strv_builder_addv (argv, (const char *[]) { "network", "prune", "-f", NULL });
      break;
    default:
      g_assert_not_reached ();
    }

  return g_strv_builder_end (argv);
}

/**
 * berth_operation_to_command:
 *
 * Returns: (transfer full): the docker command line, quoted for a POSIX
 *   shell, e.g. "docker volume rm 'my data'"
 */
char *
berth_operation_to_command (const BerthOperation *self,
                            const char           *api_version)
{
  g_auto (GStrv) argv = berth_operation_to_argv (self, api_version);

  return berth_shell_join ((const char * const *) argv);
}

static gboolean
takes_many_targets (BerthOperationKind kind)
{
  return kind <= BERTH_OPERATION_IMAGE_REMOVE ||
         kind == BERTH_OPERATION_VOLUME_REMOVE ||
         kind == BERTH_OPERATION_NETWORK_REMOVE;
}

static gboolean
same_command (const BerthOperation *a,
              const BerthOperation *b)
{
  return a->kind == b->kind && a->force == b->force && a->remove_volumes == b->remove_volumes;
}

/**
 * berth_operation_batch_to_commands:
 * @operations: (element-type BerthOperation): what was done together
 *
 * The docker CLI takes many names at once (`docker stop web db`), so a batch
 * of the same operation is one command; anything else is one per operation.
 *
 * Returns: (transfer full): the command lines
 */
char **
berth_operation_batch_to_commands (GPtrArray  *operations,
                                   const char *api_version)
{
  g_autoptr (GStrvBuilder) lines = g_strv_builder_new ();
  const BerthOperation *first;
  gboolean mergeable;

  g_return_val_if_fail (operations != NULL, NULL);

  if (operations->len == 0)
    return g_strv_builder_end (lines);

  first = g_ptr_array_index (operations, 0);
  mergeable = takes_many_targets (first->kind);
  for (guint i = 1; mergeable && i < operations->len; i++)
    mergeable = same_command (first, g_ptr_array_index (operations, i));

  if (mergeable && operations->len > 1)
    {
      g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
      g_auto (GStrv) head = berth_operation_to_argv (first, api_version);
      g_autofree char *line = NULL;

      for (guint i = 0; head[i] != NULL; i++)
        g_ptr_array_add (argv, g_strdup (head[i]));
      for (guint i = 1; i < operations->len; i++)
        g_ptr_array_add (argv, g_strdup (cli_name (g_ptr_array_index (operations, i))));
      g_ptr_array_add (argv, NULL);
      line = berth_shell_join ((const char * const *) argv->pdata);
      g_strv_builder_add (lines, line);
    }
  else
    {
      for (guint i = 0; i < operations->len; i++)
        {
          g_autofree char *line = berth_operation_to_command (g_ptr_array_index (operations, i), api_version);

          g_strv_builder_add (lines, line);
        }
    }

  return g_strv_builder_end (lines);
}

/* Running ------------------------------------------------------------------ */

static gboolean
already_done (const BerthOperation *self,
              const GError         *error)
{
  /* 304: start on a running container, stop on a stopped one. */
  return g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_MODIFIED) &&
         (self->kind == BERTH_OPERATION_CONTAINER_START ||
          self->kind == BERTH_OPERATION_CONTAINER_STOP);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  const BerthOperation *self = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  JsonNode *node;

  node = berth_engine_send_json_finish (BERTH_ENGINE (object), result, &error);
  if (error != NULL && !already_done (self, error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
}

/**
 * berth_operation_run_async:
 *
 * Validates the operation and sends it. Invalid input fails with
 * %BERTH_ENGINE_ERROR_INVALID_ARGUMENT before anything is sent.
 */
void
berth_operation_run_async (const BerthOperation *self,
                           BerthEngine          *engine,
                           GCancellable         *cancellable,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  const char *method;

  g_return_if_fail (self != NULL);
  g_return_if_fail (BERTH_IS_ENGINE (engine));

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_operation_run_async);
  g_task_set_task_data (task, berth_operation_copy (self), (GDestroyNotify) berth_operation_free);

  if (!berth_operation_build_request (self, berth_engine_get_api_version (engine),
                                      &method, &path, &body, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  message = berth_engine_new_message (engine, method, path);
  if (body != NULL)
    berth_engine_set_json_body (message, body);

  berth_engine_send_json_async (engine, message, cancellable, run_cb, g_steal_pointer (&task));
}

/**
 * berth_operation_run_finish:
 *
 * Returns: (transfer full) (nullable): the engine's answer, if it sent one
 *   (prune reports, created volumes); check @error for failure
 */
JsonNode *
berth_operation_run_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
