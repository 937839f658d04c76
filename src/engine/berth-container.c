/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <string.h>

#include "berth-container.h"
#include "berth-engine-enums.h"
#include "berth-json-private.h"

/* One item of GET /containers/json?all=1 (Docker and Podman's compat API). */

struct _BerthContainer
{
  BerthResource        parent_instance;

  char                *name;
  char               **names;
  char                *image;
  char                *image_id;
  char                *command;
  gint64               created;
  BerthContainerState  state;
  char                *status;
  GPtrArray           *ports;
  GPtrArray           *mounts;
  char               **labels;
  char               **networks;
  char               **network_ids;
  char                *compose_project;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_NAMES,
  PROP_IMAGE,
  PROP_IMAGE_ID,
  PROP_COMMAND,
  PROP_CREATED,
  PROP_STATE,
  PROP_STATUS,
  PROP_PORTS,
  PROP_MOUNTS,
  PROP_LABELS,
  PROP_NETWORKS,
  PROP_NETWORK_IDS,
  PROP_COMPOSE_PROJECT,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BerthContainer, berth_container, BERTH_TYPE_RESOURCE)

static const char * const state_names[] = {
  [BERTH_CONTAINER_STATE_UNKNOWN] = "unknown",
  [BERTH_CONTAINER_STATE_CREATED] = "created",
  [BERTH_CONTAINER_STATE_RUNNING] = "running",
  [BERTH_CONTAINER_STATE_PAUSED] = "paused",
  [BERTH_CONTAINER_STATE_RESTARTING] = "restarting",
  [BERTH_CONTAINER_STATE_REMOVING] = "removing",
  [BERTH_CONTAINER_STATE_EXITED] = "exited",
  [BERTH_CONTAINER_STATE_DEAD] = "dead",
};

BerthContainerState
berth_container_state_from_string (const char *state)
{
  if (state == NULL)
    return BERTH_CONTAINER_STATE_UNKNOWN;

  /* Podman says "configured" and "stopped" where Docker says these. */
  if (g_ascii_strcasecmp (state, "configured") == 0)
    return BERTH_CONTAINER_STATE_CREATED;
  if (g_ascii_strcasecmp (state, "stopped") == 0)
    return BERTH_CONTAINER_STATE_EXITED;

  for (guint i = 1; i < G_N_ELEMENTS (state_names); i++)
    {
      if (g_ascii_strcasecmp (state, state_names[i]) == 0)
        return i;
    }

  return BERTH_CONTAINER_STATE_UNKNOWN;
}

const char *
berth_container_state_to_string (BerthContainerState state)
{
  if ((guint) state >= G_N_ELEMENTS (state_names))
    return state_names[0];
  return state_names[state];
}

static void
berth_port_free (BerthPort *port)
{
  g_free (port->ip);
  g_free (port->protocol);
  g_free (port);
}

static void
berth_mount_free (BerthMount *mount)
{
  g_free (mount->type);
  g_free (mount->name);
  g_free (mount->source);
  g_free (mount->destination);
  g_free (mount);
}

/**
 * berth_port_to_string:
 *
 * Returns: (transfer full): "8080→80/tcp", "127.0.0.1:8080→80/tcp", or
 *   "80/tcp" for a port that is exposed but not published
 */
char *
berth_port_to_string (const BerthPort *port)
{
  gboolean any_address = port->ip == NULL || *port->ip == '\0' ||
                         g_str_equal (port->ip, "0.0.0.0") || g_str_equal (port->ip, "::");

  if (port->public_port == 0)
    return g_strdup_printf ("%u/%s", port->private_port, port->protocol);
  if (any_address)
    return g_strdup_printf ("%u→%u/%s", port->public_port, port->private_port, port->protocol);
  if (strchr (port->ip, ':') != NULL)
    return g_strdup_printf ("[%s]:%u→%u/%s", port->ip, port->public_port, port->private_port, port->protocol);
  return g_strdup_printf ("%s:%u→%u/%s", port->ip, port->public_port, port->private_port, port->protocol);
}

static gboolean
ports_equal (GPtrArray *a,
             GPtrArray *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      const BerthPort *pa = g_ptr_array_index (a, i);
      const BerthPort *pb = g_ptr_array_index (b, i);

      if (pa->private_port != pb->private_port || pa->public_port != pb->public_port ||
          g_strcmp0 (pa->ip, pb->ip) != 0 || g_strcmp0 (pa->protocol, pb->protocol) != 0)
        return FALSE;
    }

  return TRUE;
}

static gboolean
mounts_equal (GPtrArray *a,
              GPtrArray *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      const BerthMount *ma = g_ptr_array_index (a, i);
      const BerthMount *mb = g_ptr_array_index (b, i);

      if (g_strcmp0 (ma->type, mb->type) != 0 || g_strcmp0 (ma->name, mb->name) != 0 ||
          g_strcmp0 (ma->source, mb->source) != 0 ||
          g_strcmp0 (ma->destination, mb->destination) != 0 ||
          ma->read_write != mb->read_write)
        return FALSE;
    }

  return TRUE;
}

static int
compare_ports (gconstpointer a,
               gconstpointer b)
{
  const BerthPort *pa = *(const BerthPort * const *) a;
  const BerthPort *pb = *(const BerthPort * const *) b;

  if (pa->private_port != pb->private_port)
    return pa->private_port < pb->private_port ? -1 : 1;
  if (pa->public_port != pb->public_port)
    return pa->public_port < pb->public_port ? -1 : 1;
  return g_strcmp0 (pa->protocol, pb->protocol);
}

/* Docker lists a port published on both IPv4 and IPv6 twice; people think of
 * it as one port, so the IPv6 twin of a 0.0.0.0 binding is dropped. */
static gboolean
is_duplicate_port (GPtrArray       *ports,
                   const BerthPort *port)
{
  for (guint i = 0; i < ports->len; i++)
    {
      const BerthPort *other = g_ptr_array_index (ports, i);

      if (other->private_port == port->private_port &&
          other->public_port == port->public_port &&
          g_strcmp0 (other->protocol, port->protocol) == 0 &&
          (port->public_port == 0 || g_strcmp0 (port->ip, "::") == 0 ||
           g_strcmp0 (other->ip, port->ip) == 0))
        return TRUE;
    }

  return FALSE;
}

static gboolean
read_port (JsonNode   *node,
           BerthPort **out,
           GError    **error)
{
  const char *ip = NULL, *type = NULL;
  gint64 private_port = 0, public_port = 0;
  JsonObject *obj;
  BerthPort *port;

  if (!_berth_json_node_object (node, "Ports", &obj, error) ||
      !_berth_json_get_string (obj, "IP", BERTH_JSON_OPTIONAL, &ip, error) ||
      !_berth_json_get_int (obj, "PrivatePort", BERTH_JSON_REQUIRED, &private_port, error) ||
      !_berth_json_get_int (obj, "PublicPort", BERTH_JSON_OPTIONAL, &public_port, error) ||
      !_berth_json_get_string (obj, "Type", BERTH_JSON_OPTIONAL, &type, error))
    return FALSE;

  port = g_new0 (BerthPort, 1);
  port->ip = g_strdup (ip);
  port->private_port = (guint16) CLAMP (private_port, 0, 65535);
  port->public_port = (guint16) CLAMP (public_port, 0, 65535);
  port->protocol = g_strdup (type ? type : "tcp");
  *out = port;
  return TRUE;
}

static gboolean
read_ports (JsonObject  *object,
            GPtrArray  **out,
            GError     **error)
{
  g_autoptr (GPtrArray) ports = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_port_free);
  JsonArray *array;
  guint n;

  if (!_berth_json_get_array (object, "Ports", BERTH_JSON_OPTIONAL, &array, error))
    return FALSE;

  n = array ? json_array_get_length (array) : 0;
  for (guint i = 0; i < n; i++)
    {
      BerthPort *port = NULL;

      if (!read_port (json_array_get_element (array, i), &port, error))
        return FALSE;
      if (is_duplicate_port (ports, port))
        berth_port_free (port);
      else
        g_ptr_array_add (ports, port);
    }

  g_ptr_array_sort (ports, compare_ports);
  *out = g_steal_pointer (&ports);
  return TRUE;
}

static gboolean
read_mounts (JsonObject  *object,
             GPtrArray  **out,
             GError     **error)
{
  g_autoptr (GPtrArray) mounts = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_mount_free);
  JsonArray *array;
  guint n;

  if (!_berth_json_get_array (object, "Mounts", BERTH_JSON_OPTIONAL, &array, error))
    return FALSE;

  n = array ? json_array_get_length (array) : 0;
  for (guint i = 0; i < n; i++)
    {
      const char *type = NULL, *name = NULL, *source = NULL, *destination = NULL;
      gboolean rw = FALSE;
      JsonObject *obj;
      BerthMount *mount;

      if (!_berth_json_node_object (json_array_get_element (array, i), "Mounts", &obj, error) ||
          !_berth_json_get_string (obj, "Type", BERTH_JSON_OPTIONAL, &type, error) ||
          !_berth_json_get_string (obj, "Name", BERTH_JSON_OPTIONAL, &name, error) ||
          !_berth_json_get_string (obj, "Source", BERTH_JSON_OPTIONAL, &source, error) ||
          !_berth_json_get_string (obj, "Destination", BERTH_JSON_OPTIONAL, &destination, error) ||
          !_berth_json_get_boolean (obj, "RW", &rw, error))
        return FALSE;

      mount = g_new0 (BerthMount, 1);
      mount->type = g_strdup (type);
      mount->name = g_strdup (name);
      mount->source = g_strdup (source);
      mount->destination = g_strdup (destination);
      mount->read_write = rw;
      g_ptr_array_add (mounts, mount);
    }

  *out = g_steal_pointer (&mounts);
  return TRUE;
}

/* NetworkSettings.Networks: {"bridge": {"NetworkID": "…", …}, …} */
static gboolean
read_networks (JsonObject   *object,
               char       ***names,
               char       ***ids,
               GError      **error)
{
  g_autoptr (GStrvBuilder) name_builder = g_strv_builder_new ();
  g_autoptr (GStrvBuilder) id_builder = g_strv_builder_new ();
  g_autoptr (GList) members = NULL;
  JsonObject *settings, *networks;

  if (!_berth_json_get_object (object, "NetworkSettings", BERTH_JSON_OPTIONAL, &settings, error) ||
      !_berth_json_get_object (settings, "Networks", BERTH_JSON_OPTIONAL, &networks, error))
    return FALSE;

  if (networks != NULL)
    members = json_object_get_members (networks);
  members = g_list_sort (members, (GCompareFunc) g_strcmp0);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *network_id = NULL;
      JsonObject *network;

      if (!_berth_json_get_object (networks, l->data, BERTH_JSON_REQUIRED, &network, error) ||
          !_berth_json_get_string (network, "NetworkID", BERTH_JSON_OPTIONAL, &network_id, error))
        return FALSE;

      g_strv_builder_add (name_builder, l->data);
      g_strv_builder_add (id_builder, network_id ? network_id : "");
    }

  *names = g_strv_builder_end (name_builder);
  *ids = g_strv_builder_end (id_builder);
  return TRUE;
}

static const char *
label_value (char       **labels,
             const char  *key)
{
  gsize len = strlen (key);

  for (guint i = 0; labels != NULL && labels[i] != NULL; i++)
    {
      if (strncmp (labels[i], key, len) == 0 && labels[i][len] == '=')
        return labels[i] + len + 1;
    }

  return NULL;
}

static void
set_array (BerthContainer  *self,
           GPtrArray      **field,
           GPtrArray       *value,
           gboolean       (*equal) (GPtrArray *, GPtrArray *),
           int              prop)
{
  if (equal (*field, value))
    {
      g_clear_pointer (&value, g_ptr_array_unref);
      return;
    }

  g_clear_pointer (field, g_ptr_array_unref);
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_state (BerthContainer      *self,
           BerthContainerState  state)
{
  gboolean was_active = berth_container_is_active (self);

  if (state == self->state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (was_active != berth_container_is_active (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

static gboolean
berth_container_update_from_json (BerthResource  *resource,
                                  JsonObject     *object,
                                  GError        **error)
{
  BerthContainer *self = BERTH_CONTAINER (resource);
  g_auto (GStrv) names = NULL, labels = NULL, networks = NULL, network_ids = NULL;
  g_autoptr (GPtrArray) ports = NULL, mounts = NULL;
  const char *image = NULL, *image_id = NULL, *command = NULL, *state = NULL, *status = NULL;
  const char *name;
  gint64 created = 0;

  if (!_berth_json_get_strv (object, "Names", &names, error) ||
      !_berth_json_get_string (object, "Image", BERTH_JSON_OPTIONAL, &image, error) ||
      !_berth_json_get_string (object, "ImageID", BERTH_JSON_OPTIONAL, &image_id, error) ||
      !_berth_json_get_string (object, "Command", BERTH_JSON_OPTIONAL, &command, error) ||
      !_berth_json_get_int (object, "Created", BERTH_JSON_OPTIONAL, &created, error) ||
      !_berth_json_get_string (object, "State", BERTH_JSON_OPTIONAL, &state, error) ||
      !_berth_json_get_string (object, "Status", BERTH_JSON_OPTIONAL, &status, error) ||
      !_berth_json_get_labels (object, "Labels", &labels, error) ||
      !read_ports (object, &ports, error) ||
      !read_mounts (object, &mounts, error) ||
      !read_networks (object, &networks, &network_ids, error))
    return FALSE;

  /* Docker names start with "/" (a legacy of links); people never type it. */
  name = names[0] ? names[0] : berth_resource_get_short_id (resource);
  if (name[0] == '/')
    name++;

  berth_resource_set_string (resource, &self->name, name, properties[PROP_NAME]);
  berth_resource_set_string (resource, &self->image, image, properties[PROP_IMAGE]);
  berth_resource_set_string (resource, &self->image_id, image_id, properties[PROP_IMAGE_ID]);
  berth_resource_set_string (resource, &self->command, command, properties[PROP_COMMAND]);
  berth_resource_set_int64 (resource, &self->created, created, properties[PROP_CREATED]);
  berth_resource_set_string (resource, &self->status, status, properties[PROP_STATUS]);
  berth_resource_set_string (resource, &self->compose_project,
                             label_value (labels, "com.docker.compose.project"),
                             properties[PROP_COMPOSE_PROJECT]);
  berth_resource_set_strv (resource, &self->names, g_steal_pointer (&names), properties[PROP_NAMES]);
  berth_resource_set_strv (resource, &self->labels, g_steal_pointer (&labels), properties[PROP_LABELS]);
  berth_resource_set_strv (resource, &self->networks, g_steal_pointer (&networks), properties[PROP_NETWORKS]);
  berth_resource_set_strv (resource, &self->network_ids, g_steal_pointer (&network_ids), properties[PROP_NETWORK_IDS]);
  set_array (self, &self->ports, g_steal_pointer (&ports), ports_equal, PROP_PORTS);
  set_array (self, &self->mounts, g_steal_pointer (&mounts), mounts_equal, PROP_MOUNTS);

  set_state (self, berth_container_state_from_string (state));

  return TRUE;
}

static void
berth_container_update_from (BerthResource *resource,
                             BerthResource *fresh_resource)
{
  BerthContainer *self = BERTH_CONTAINER (resource);
  BerthContainer *fresh = BERTH_CONTAINER (fresh_resource);

  berth_resource_set_string (resource, &self->name, fresh->name, properties[PROP_NAME]);
  berth_resource_set_string (resource, &self->image, fresh->image, properties[PROP_IMAGE]);
  berth_resource_set_string (resource, &self->image_id, fresh->image_id, properties[PROP_IMAGE_ID]);
  berth_resource_set_string (resource, &self->command, fresh->command, properties[PROP_COMMAND]);
  berth_resource_set_int64 (resource, &self->created, fresh->created, properties[PROP_CREATED]);
  berth_resource_set_string (resource, &self->status, fresh->status, properties[PROP_STATUS]);
  berth_resource_set_string (resource, &self->compose_project, fresh->compose_project,
                             properties[PROP_COMPOSE_PROJECT]);
  berth_resource_set_strv (resource, &self->names, g_steal_pointer (&fresh->names), properties[PROP_NAMES]);
  berth_resource_set_strv (resource, &self->labels, g_steal_pointer (&fresh->labels), properties[PROP_LABELS]);
  berth_resource_set_strv (resource, &self->networks, g_steal_pointer (&fresh->networks), properties[PROP_NETWORKS]);
  berth_resource_set_strv (resource, &self->network_ids, g_steal_pointer (&fresh->network_ids),
                           properties[PROP_NETWORK_IDS]);
  set_array (self, &self->ports, g_steal_pointer (&fresh->ports), ports_equal, PROP_PORTS);
  set_array (self, &self->mounts, g_steal_pointer (&fresh->mounts), mounts_equal, PROP_MOUNTS);
  set_state (self, fresh->state);
}

static const char *
berth_container_get_display_name (BerthResource *resource)
{
  return BERTH_CONTAINER (resource)->name;
}

static gboolean
berth_container_matches (BerthResource *resource,
                         const char    *folded_needle)
{
  BerthContainer *self = BERTH_CONTAINER (resource);

  return BERTH_RESOURCE_CLASS (berth_container_parent_class)->matches (resource, folded_needle) ||
         berth_match_folded (self->name, folded_needle) ||
         berth_match_folded (self->image, folded_needle) ||
         berth_match_folded (self->compose_project, folded_needle);
}

static void
berth_container_finalize (GObject *object)
{
  BerthContainer *self = BERTH_CONTAINER (object);

  g_free (self->name);
  g_strfreev (self->names);
  g_free (self->image);
  g_free (self->image_id);
  g_free (self->command);
  g_free (self->status);
  g_clear_pointer (&self->ports, g_ptr_array_unref);
  g_clear_pointer (&self->mounts, g_ptr_array_unref);
  g_strfreev (self->labels);
  g_strfreev (self->networks);
  g_strfreev (self->network_ids);
  g_free (self->compose_project);

  G_OBJECT_CLASS (berth_container_parent_class)->finalize (object);
}

static void
berth_container_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BerthContainer *self = BERTH_CONTAINER (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_NAMES: g_value_set_boxed (value, self->names); break;
    case PROP_IMAGE: g_value_set_string (value, self->image); break;
    case PROP_IMAGE_ID: g_value_set_string (value, self->image_id); break;
    case PROP_COMMAND: g_value_set_string (value, self->command); break;
    case PROP_CREATED: g_value_set_int64 (value, self->created); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_STATUS: g_value_set_string (value, self->status); break;
    case PROP_PORTS: g_value_set_boxed (value, self->ports); break;
    case PROP_MOUNTS: g_value_set_boxed (value, self->mounts); break;
    case PROP_LABELS: g_value_set_boxed (value, self->labels); break;
    case PROP_NETWORKS: g_value_set_boxed (value, self->networks); break;
    case PROP_NETWORK_IDS: g_value_set_boxed (value, self->network_ids); break;
    case PROP_COMPOSE_PROJECT: g_value_set_string (value, self->compose_project); break;
    case PROP_ACTIVE: g_value_set_boolean (value, berth_container_is_active (self)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}

static GParamSpec *
boxed_property (const char *name,
                GType       type)
{
  return g_param_spec_boxed (name, NULL, NULL, type,
                             (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}

static void
berth_container_class_init (BerthContainerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  BerthResourceClass *resource_class = BERTH_RESOURCE_CLASS (klass);

  object_class->finalize = berth_container_finalize;
  object_class->get_property = berth_container_get_property;

  resource_class->update_from_json = berth_container_update_from_json;
  resource_class->update_from = berth_container_update_from;
  resource_class->get_display_name = berth_container_get_display_name;
  resource_class->matches = berth_container_matches;

  properties[PROP_NAME] = string_property ("name");
  properties[PROP_NAMES] = boxed_property ("names", G_TYPE_STRV);
  properties[PROP_IMAGE] = string_property ("image");
  properties[PROP_IMAGE_ID] = string_property ("image-id");
  properties[PROP_COMMAND] = string_property ("command");
  properties[PROP_CREATED] =
    g_param_spec_int64 ("created", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       BERTH_TYPE_CONTAINER_STATE, BERTH_CONTAINER_STATE_UNKNOWN,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATUS] = string_property ("status");
  properties[PROP_PORTS] = boxed_property ("ports", G_TYPE_PTR_ARRAY);
  properties[PROP_MOUNTS] = boxed_property ("mounts", G_TYPE_PTR_ARRAY);
  properties[PROP_LABELS] = boxed_property ("labels", G_TYPE_STRV);
  properties[PROP_NETWORKS] = boxed_property ("networks", G_TYPE_STRV);
  properties[PROP_NETWORK_IDS] = boxed_property ("network-ids", G_TYPE_STRV);
  properties[PROP_COMPOSE_PROJECT] = string_property ("compose-project");
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
berth_container_init (BerthContainer *self)
{
}

/**
 * berth_container_new_from_json:
 * @object: one item of GET /containers/json
 *
 * Returns: (transfer full): the container, or %NULL with @error set
 */
BerthContainer *
berth_container_new_from_json (JsonObject  *object,
                               GError     **error)
{
  g_autoptr (BerthContainer) self = NULL;
  const char *id = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  if (!_berth_json_get_string (object, "Id", BERTH_JSON_REQUIRED, &id, error))
    return NULL;

  self = g_object_new (BERTH_TYPE_CONTAINER, "id", id, NULL);
  if (!berth_resource_update_from_json (BERTH_RESOURCE (self), object, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
berth_container_get_name (BerthContainer *self)
{
  g_return_val_if_fail (BERTH_IS_CONTAINER (self), NULL);
  return self->name;
}

const char *
berth_container_get_image (BerthContainer *self)
{
  g_return_val_if_fail (BERTH_IS_CONTAINER (self), NULL);
  return self->image;
}

const char *
berth_container_get_image_id (BerthContainer *self)
{
  g_return_val_if_fail (BERTH_IS_CONTAINER (self), NULL);
  return self->image_id;
}

const char *
berth_container_get_command (BerthContainer *self)
{
  g_return_val_if_fail (BERTH_IS_CONTAINER (self), NULL);
  return self->command;
}

gint64
berth_container_get_created (BerthContainer *self)
{
  g_return_val_if_fail (BERTH_IS_CONTAINER (self), 0);
  return self->created;
}

BerthContainerState
berth_container_get_state (BerthContainer *self)
{
  g_return_val_if_fail (BERTH_IS_CONTAINER (self), BERTH_CONTAINER_STATE_UNKNOWN);
  return self->state;
}

const char *
berth_container_get_status (BerthContainer *self)
{
  g_return_val_if_fail (BERTH_IS_CONTAINER (self), NULL);
  return self->status;
}

/**
 * berth_container_get_ports:
 *
 * Returns: (transfer none) (element-type BerthPort): published and exposed
 *   ports, sorted by container port
 */
GPtrArray *
berth_container_get_ports (BerthContainer *self)
{
  g_return_val_if_fail (BERTH_IS_CONTAINER (self), NULL);
  return self->ports;
}

/**
 * berth_container_get_mounts:
 *
 * Returns: (transfer none) (element-type BerthMount): the mounts
 */
GPtrArray *
berth_container_get_mounts (BerthContainer *self)
{
  g_return_val_if_fail (BERTH_IS_CONTAINER (self), NULL);
  return self->mounts;
}

const char * const *
berth_container_get_labels (BerthContainer *self)
{
  g_return_val_if_fail (BERTH_IS_CONTAINER (self), NULL);
  return (const char * const *) self->labels;
}

const char * const *
berth_container_get_networks (BerthContainer *self)
{
  g_return_val_if_fail (BERTH_IS_CONTAINER (self), NULL);
  return (const char * const *) self->networks;
}

const char * const *
berth_container_get_network_ids (BerthContainer *self)
{
  g_return_val_if_fail (BERTH_IS_CONTAINER (self), NULL);
  return (const char * const *) self->network_ids;
}

const char *
berth_container_get_compose_project (BerthContainer *self)
{
  g_return_val_if_fail (BERTH_IS_CONTAINER (self), NULL);
  return self->compose_project;
}

/* Active: what `docker ps` without -a lists (running, paused, restarting). */
gboolean
berth_container_is_active (BerthContainer *self)
{
  g_return_val_if_fail (BERTH_IS_CONTAINER (self), FALSE);

  return self->state == BERTH_CONTAINER_STATE_RUNNING ||
         self->state == BERTH_CONTAINER_STATE_PAUSED ||
         self->state == BERTH_CONTAINER_STATE_RESTARTING;
}
