/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <string.h>

#include "berth-json-private.h"
#include "berth-volume.h"

/* One item of GET /volumes (its "Volumes" list). A volume's id is its name. */

struct _BerthVolume
{
  BerthResource   parent_instance;

  char           *driver;
  char           *mountpoint;
  gint64          created;
  char          **labels;
  char          **used_by;
  gboolean        anonymous;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_DRIVER,
  PROP_MOUNTPOINT,
  PROP_CREATED,
  PROP_LABELS,
  PROP_ANONYMOUS,
  PROP_USED_BY,
  PROP_IN_USE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BerthVolume, berth_volume, BERTH_TYPE_RESOURCE)

/* Docker 23+ labels anonymous volumes; older engines name them with 64 hex
 * digits, which is what we fall back to. */
static gboolean
looks_anonymous (const char  *name,
                 char       **labels)
{
  for (guint i = 0; labels != NULL && labels[i] != NULL; i++)
    {
      if (g_str_has_prefix (labels[i], "com.docker.volume.anonymous="))
        return TRUE;
    }

  if (strlen (name) != 64)
    return FALSE;
  for (const char *p = name; *p; p++)
    {
      if (!g_ascii_isxdigit (*p))
        return FALSE;
    }
  return TRUE;
}

static gboolean
berth_volume_update_from_json (BerthResource  *resource,
                               JsonObject     *object,
                               GError        **error)
{
  BerthVolume *self = BERTH_VOLUME (resource);
  g_auto (GStrv) labels = NULL;
  const char *driver = NULL, *mountpoint = NULL, *created = NULL;

  if (!_berth_json_get_string (object, "Driver", BERTH_JSON_OPTIONAL, &driver, error) ||
      !_berth_json_get_string (object, "Mountpoint", BERTH_JSON_OPTIONAL, &mountpoint, error) ||
      !_berth_json_get_string (object, "CreatedAt", BERTH_JSON_OPTIONAL, &created, error) ||
      !_berth_json_get_labels (object, "Labels", &labels, error))
    return FALSE;

  berth_resource_set_string (resource, &self->driver, driver, properties[PROP_DRIVER]);
  berth_resource_set_string (resource, &self->mountpoint, mountpoint, properties[PROP_MOUNTPOINT]);
  berth_resource_set_int64 (resource, &self->created, _berth_json_parse_time (created),
                            properties[PROP_CREATED]);
  berth_resource_set_boolean (resource, &self->anonymous,
                              looks_anonymous (berth_resource_get_id (resource), labels),
                              properties[PROP_ANONYMOUS]);
  berth_resource_set_strv (resource, &self->labels, g_steal_pointer (&labels), properties[PROP_LABELS]);

  return TRUE;
}

/* Which containers use it is the store's to set, not the answer's. */
static void
berth_volume_update_from (BerthResource *resource,
                          BerthResource *fresh_resource)
{
  BerthVolume *self = BERTH_VOLUME (resource);
  BerthVolume *fresh = BERTH_VOLUME (fresh_resource);

  berth_resource_set_string (resource, &self->driver, fresh->driver, properties[PROP_DRIVER]);
  berth_resource_set_string (resource, &self->mountpoint, fresh->mountpoint, properties[PROP_MOUNTPOINT]);
  berth_resource_set_int64 (resource, &self->created, fresh->created, properties[PROP_CREATED]);
  berth_resource_set_boolean (resource, &self->anonymous, fresh->anonymous, properties[PROP_ANONYMOUS]);
  berth_resource_set_strv (resource, &self->labels, g_steal_pointer (&fresh->labels), properties[PROP_LABELS]);
}

static const char *
berth_volume_get_display_name (BerthResource *resource)
{
  return berth_resource_get_id (resource);
}

static gboolean
berth_volume_matches (BerthResource *resource,
                      const char    *folded_needle)
{
  BerthVolume *self = BERTH_VOLUME (resource);

  if (berth_match_folded (berth_resource_get_id (resource), folded_needle) ||
      berth_match_folded (self->driver, folded_needle))
    return TRUE;

  for (guint i = 0; self->used_by != NULL && self->used_by[i] != NULL; i++)
    {
      if (berth_match_folded (self->used_by[i], folded_needle))
        return TRUE;
    }

  return FALSE;
}

static void
berth_volume_finalize (GObject *object)
{
  BerthVolume *self = BERTH_VOLUME (object);

  g_free (self->driver);
  g_free (self->mountpoint);
  g_strfreev (self->labels);
  g_strfreev (self->used_by);

  G_OBJECT_CLASS (berth_volume_parent_class)->finalize (object);
}

static void
berth_volume_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BerthVolume *self = BERTH_VOLUME (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, berth_volume_get_name (self)); break;
    case PROP_DRIVER: g_value_set_string (value, self->driver); break;
    case PROP_MOUNTPOINT: g_value_set_string (value, self->mountpoint); break;
    case PROP_CREATED: g_value_set_int64 (value, self->created); break;
    case PROP_LABELS: g_value_set_boxed (value, self->labels); break;
    case PROP_ANONYMOUS: g_value_set_boolean (value, self->anonymous); break;
    case PROP_USED_BY: g_value_set_boxed (value, self->used_by); break;
    case PROP_IN_USE: g_value_set_boolean (value, self->used_by && self->used_by[0]); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_volume_class_init (BerthVolumeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  BerthResourceClass *resource_class = BERTH_RESOURCE_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = berth_volume_finalize;
  object_class->get_property = berth_volume_get_property;

  resource_class->update_from_json = berth_volume_update_from_json;
  resource_class->update_from = berth_volume_update_from;
  resource_class->get_display_name = berth_volume_get_display_name;
  resource_class->matches = berth_volume_matches;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_DRIVER] = g_param_spec_string ("driver", NULL, NULL, NULL, flags);
  properties[PROP_MOUNTPOINT] = g_param_spec_string ("mountpoint", NULL, NULL, NULL, flags);
  properties[PROP_CREATED] = g_param_spec_int64 ("created", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LABELS] = g_param_spec_boxed ("labels", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_ANONYMOUS] = g_param_spec_boolean ("anonymous", NULL, NULL, FALSE, flags);
  properties[PROP_USED_BY] = g_param_spec_boxed ("used-by", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_IN_USE] = g_param_spec_boolean ("in-use", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
berth_volume_init (BerthVolume *self)
{
  /* Never NULL: unknown usage reads as "no users" until the store says. */
  self->used_by = g_new0 (char *, 1);
}

BerthVolume *
berth_volume_new_from_json (JsonObject  *object,
                            GError     **error)
{
  g_autoptr (BerthVolume) self = NULL;
  const char *name = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  if (!_berth_json_get_string (object, "Name", BERTH_JSON_REQUIRED, &name, error))
    return NULL;

  self = g_object_new (BERTH_TYPE_VOLUME, "id", name, NULL);
  if (!berth_resource_update_from_json (BERTH_RESOURCE (self), object, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
berth_volume_get_name (BerthVolume *self)
{
  g_return_val_if_fail (BERTH_IS_VOLUME (self), NULL);
  return berth_resource_get_id (BERTH_RESOURCE (self));
}

const char *
berth_volume_get_driver (BerthVolume *self)
{
  g_return_val_if_fail (BERTH_IS_VOLUME (self), NULL);
  return self->driver;
}

const char *
berth_volume_get_mountpoint (BerthVolume *self)
{
  g_return_val_if_fail (BERTH_IS_VOLUME (self), NULL);
  return self->mountpoint;
}

gint64
berth_volume_get_created (BerthVolume *self)
{
  g_return_val_if_fail (BERTH_IS_VOLUME (self), 0);
  return self->created;
}

const char * const *
berth_volume_get_labels (BerthVolume *self)
{
  g_return_val_if_fail (BERTH_IS_VOLUME (self), NULL);
  return (const char * const *) self->labels;
}

gboolean
berth_volume_get_anonymous (BerthVolume *self)
{
  g_return_val_if_fail (BERTH_IS_VOLUME (self), FALSE);
  return self->anonymous;
}

/* Names of the containers that mount this volume; set by BerthStore. */
const char * const *
berth_volume_get_used_by (BerthVolume *self)
{
  g_return_val_if_fail (BERTH_IS_VOLUME (self), NULL);
  return (const char * const *) self->used_by;
}

/* Takes ownership of @used_by. */
void
berth_volume_set_used_by (BerthVolume  *self,
                          char        **used_by)
{
  gboolean was_in_use;

  g_return_if_fail (BERTH_IS_VOLUME (self));

  was_in_use = self->used_by != NULL && self->used_by[0] != NULL;
  if (berth_resource_set_strv (BERTH_RESOURCE (self), &self->used_by, used_by, properties[PROP_USED_BY]) &&
      was_in_use != (self->used_by != NULL && self->used_by[0] != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IN_USE]);
}
