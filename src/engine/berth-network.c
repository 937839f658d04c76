/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include "berth-json-private.h"
#include "berth-network.h"

/* One item of GET /networks. */

struct _BerthNetwork
{
  BerthResource   parent_instance;

  char           *name;
  char           *driver;
  char           *scope;
  char          **subnets;
  char          **gateways;
  gboolean        internal;
  gint64          created;
  char          **labels;
  char          **containers;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_DRIVER,
  PROP_SCOPE,
  PROP_SUBNETS,
  PROP_GATEWAYS,
  PROP_INTERNAL,
  PROP_CREATED,
  PROP_LABELS,
  PROP_BUILTIN,
  PROP_CONTAINERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BerthNetwork, berth_network, BERTH_TYPE_RESOURCE)

/* The networks every engine creates itself and refuses to remove. */
gboolean
berth_network_name_is_builtin (const char *name)
{
  return g_strcmp0 (name, "bridge") == 0 || g_strcmp0 (name, "host") == 0 ||
         g_strcmp0 (name, "none") == 0 || g_strcmp0 (name, "podman") == 0;
}

static gboolean
read_ipam (JsonObject   *object,
           char       ***subnets,
           char       ***gateways,
           GError      **error)
{
  g_autoptr (GStrvBuilder) subnet_builder = g_strv_builder_new ();
  g_autoptr (GStrvBuilder) gateway_builder = g_strv_builder_new ();
  JsonObject *ipam;
  JsonArray *config;
  guint n;

  if (!_berth_json_get_object (object, "IPAM", BERTH_JSON_OPTIONAL, &ipam, error) ||
      !_berth_json_get_array (ipam, "Config", BERTH_JSON_OPTIONAL, &config, error))
    return FALSE;

  n = config ? json_array_get_length (config) : 0;
  for (guint i = 0; i < n; i++)
    {
      const char *subnet = NULL, *gateway = NULL;
      JsonObject *entry;

      if (!_berth_json_node_object (json_array_get_element (config, i), "IPAM.Config", &entry, error) ||
          !_berth_json_get_string (entry, "Subnet", BERTH_JSON_OPTIONAL, &subnet, error) ||
          !_berth_json_get_string (entry, "Gateway", BERTH_JSON_OPTIONAL, &gateway, error))
        return FALSE;

      if (subnet != NULL && *subnet != '\0')
        g_strv_builder_add (subnet_builder, subnet);
      if (gateway != NULL && *gateway != '\0')
        g_strv_builder_add (gateway_builder, gateway);
    }

  *subnets = g_strv_builder_end (subnet_builder);
  *gateways = g_strv_builder_end (gateway_builder);
  return TRUE;
}

static void
set_name (BerthNetwork *self,
          const char   *name)
{
  gboolean was_builtin = berth_network_get_builtin (self);

  if (berth_resource_set_string (BERTH_RESOURCE (self), &self->name, name, properties[PROP_NAME]) &&
      was_builtin != berth_network_get_builtin (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUILTIN]);
}

static gboolean
berth_network_update_from_json (BerthResource  *resource,
                                JsonObject     *object,
                                GError        **error)
{
  BerthNetwork *self = BERTH_NETWORK (resource);
  g_auto (GStrv) labels = NULL, subnets = NULL, gateways = NULL;
  const char *name = NULL, *driver = NULL, *scope = NULL, *created = NULL;
  gboolean internal = FALSE;

  if (!_berth_json_get_string (object, "Name", BERTH_JSON_REQUIRED, &name, error) ||
      !_berth_json_get_string (object, "Driver", BERTH_JSON_OPTIONAL, &driver, error) ||
      !_berth_json_get_string (object, "Scope", BERTH_JSON_OPTIONAL, &scope, error) ||
      !_berth_json_get_string (object, "Created", BERTH_JSON_OPTIONAL, &created, error) ||
      !_berth_json_get_boolean (object, "Internal", &internal, error) ||
      !_berth_json_get_labels (object, "Labels", &labels, error) ||
      !read_ipam (object, &subnets, &gateways, error))
    return FALSE;

  set_name (self, name);
  berth_resource_set_string (resource, &self->driver, driver, properties[PROP_DRIVER]);
  berth_resource_set_string (resource, &self->scope, scope, properties[PROP_SCOPE]);
  berth_resource_set_int64 (resource, &self->created, _berth_json_parse_time (created),
                            properties[PROP_CREATED]);
  berth_resource_set_boolean (resource, &self->internal, internal, properties[PROP_INTERNAL]);
  berth_resource_set_strv (resource, &self->labels, g_steal_pointer (&labels), properties[PROP_LABELS]);
  berth_resource_set_strv (resource, &self->subnets, g_steal_pointer (&subnets), properties[PROP_SUBNETS]);
  berth_resource_set_strv (resource, &self->gateways, g_steal_pointer (&gateways), properties[PROP_GATEWAYS]);

  return TRUE;
}

static void
berth_network_update_from (BerthResource *resource,
                           BerthResource *fresh_resource)
{
  BerthNetwork *self = BERTH_NETWORK (resource);
  BerthNetwork *fresh = BERTH_NETWORK (fresh_resource);

  set_name (self, fresh->name);
  berth_resource_set_string (resource, &self->driver, fresh->driver, properties[PROP_DRIVER]);
  berth_resource_set_string (resource, &self->scope, fresh->scope, properties[PROP_SCOPE]);
  berth_resource_set_int64 (resource, &self->created, fresh->created, properties[PROP_CREATED]);
  berth_resource_set_boolean (resource, &self->internal, fresh->internal, properties[PROP_INTERNAL]);
  berth_resource_set_strv (resource, &self->labels, g_steal_pointer (&fresh->labels), properties[PROP_LABELS]);
  berth_resource_set_strv (resource, &self->subnets, g_steal_pointer (&fresh->subnets), properties[PROP_SUBNETS]);
  berth_resource_set_strv (resource, &self->gateways, g_steal_pointer (&fresh->gateways), properties[PROP_GATEWAYS]);
}

static const char *
berth_network_get_display_name (BerthResource *resource)
{
  return BERTH_NETWORK (resource)->name;
}

static gboolean
berth_network_matches (BerthResource *resource,
                       const char    *folded_needle)
{
  BerthNetwork *self = BERTH_NETWORK (resource);

  return BERTH_RESOURCE_CLASS (berth_network_parent_class)->matches (resource, folded_needle) ||
         berth_match_folded (self->name, folded_needle) ||
         berth_match_folded (self->driver, folded_needle);
}

static void
berth_network_finalize (GObject *object)
{
  BerthNetwork *self = BERTH_NETWORK (object);

  g_free (self->name);
  g_free (self->driver);
  g_free (self->scope);
  g_strfreev (self->subnets);
  g_strfreev (self->gateways);
  g_strfreev (self->labels);
  g_strfreev (self->containers);

  G_OBJECT_CLASS (berth_network_parent_class)->finalize (object);
}

static void
berth_network_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BerthNetwork *self = BERTH_NETWORK (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_DRIVER: g_value_set_string (value, self->driver); break;
    case PROP_SCOPE: g_value_set_string (value, self->scope); break;
    case PROP_SUBNETS: g_value_set_boxed (value, self->subnets); break;
    case PROP_GATEWAYS: g_value_set_boxed (value, self->gateways); break;
    case PROP_INTERNAL: g_value_set_boolean (value, self->internal); break;
    case PROP_CREATED: g_value_set_int64 (value, self->created); break;
    case PROP_LABELS: g_value_set_boxed (value, self->labels); break;
    case PROP_BUILTIN: g_value_set_boolean (value, berth_network_get_builtin (self)); break;
    case PROP_CONTAINERS: g_value_set_boxed (value, self->containers); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_network_class_init (BerthNetworkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  BerthResourceClass *resource_class = BERTH_RESOURCE_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = berth_network_finalize;
  object_class->get_property = berth_network_get_property;

  resource_class->update_from_json = berth_network_update_from_json;
  resource_class->update_from = berth_network_update_from;
  resource_class->get_display_name = berth_network_get_display_name;
  resource_class->matches = berth_network_matches;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_DRIVER] = g_param_spec_string ("driver", NULL, NULL, NULL, flags);
  properties[PROP_SCOPE] = g_param_spec_string ("scope", NULL, NULL, NULL, flags);
  properties[PROP_SUBNETS] = g_param_spec_boxed ("subnets", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_GATEWAYS] = g_param_spec_boxed ("gateways", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_INTERNAL] = g_param_spec_boolean ("internal", NULL, NULL, FALSE, flags);
  properties[PROP_CREATED] = g_param_spec_int64 ("created", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LABELS] = g_param_spec_boxed ("labels", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_BUILTIN] = g_param_spec_boolean ("builtin", NULL, NULL, FALSE, flags);
  properties[PROP_CONTAINERS] = g_param_spec_boxed ("containers", NULL, NULL, G_TYPE_STRV, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
berth_network_init (BerthNetwork *self)
{
  self->containers = g_new0 (char *, 1);
}

BerthNetwork *
berth_network_new_from_json (JsonObject  *object,
                             GError     **error)
{
  g_autoptr (BerthNetwork) self = NULL;
  const char *id = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  if (!_berth_json_get_string (object, "Id", BERTH_JSON_REQUIRED, &id, error))
    return NULL;

  self = g_object_new (BERTH_TYPE_NETWORK, "id", id, NULL);
  if (!berth_resource_update_from_json (BERTH_RESOURCE (self), object, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
berth_network_get_name (BerthNetwork *self)
{
  g_return_val_if_fail (BERTH_IS_NETWORK (self), NULL);
  return self->name;
}

const char *
berth_network_get_driver (BerthNetwork *self)
{
  g_return_val_if_fail (BERTH_IS_NETWORK (self), NULL);
  return self->driver;
}

const char *
berth_network_get_scope (BerthNetwork *self)
{
  g_return_val_if_fail (BERTH_IS_NETWORK (self), NULL);
  return self->scope;
}

const char * const *
berth_network_get_subnets (BerthNetwork *self)
{
  g_return_val_if_fail (BERTH_IS_NETWORK (self), NULL);
  return (const char * const *) self->subnets;
}

const char * const *
berth_network_get_gateways (BerthNetwork *self)
{
  g_return_val_if_fail (BERTH_IS_NETWORK (self), NULL);
  return (const char * const *) self->gateways;
}

gboolean
berth_network_get_internal (BerthNetwork *self)
{
  g_return_val_if_fail (BERTH_IS_NETWORK (self), FALSE);
  return self->internal;
}

gint64
berth_network_get_created (BerthNetwork *self)
{
  g_return_val_if_fail (BERTH_IS_NETWORK (self), 0);
  return self->created;
}

const char * const *
berth_network_get_labels (BerthNetwork *self)
{
  g_return_val_if_fail (BERTH_IS_NETWORK (self), NULL);
  return (const char * const *) self->labels;
}

gboolean
berth_network_get_builtin (BerthNetwork *self)
{
  g_return_val_if_fail (BERTH_IS_NETWORK (self), FALSE);
  return berth_network_name_is_builtin (self->name);
}

/* Names of the attached containers; set by BerthStore. */
const char * const *
berth_network_get_containers (BerthNetwork *self)
{
  g_return_val_if_fail (BERTH_IS_NETWORK (self), NULL);
  return (const char * const *) self->containers;
}

/* Takes ownership of @containers. */
void
berth_network_set_containers (BerthNetwork  *self,
                              char         **containers)
{
  g_return_if_fail (BERTH_IS_NETWORK (self));

  berth_resource_set_strv (BERTH_RESOURCE (self), &self->containers, containers,
                           properties[PROP_CONTAINERS]);
}
