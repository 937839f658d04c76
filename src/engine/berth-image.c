/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <string.h>

#include "berth-image.h"
#include "berth-json-private.h"

/* One item of GET /images/json: one row per image id, with all its tags. */

struct _BerthImage
{
  BerthResource   parent_instance;

  char          **tags;
  char          **digests;
  char           *repository;
  char           *tag;
  gint64          created;
  gint64          size;
  guint           containers;
};

enum {
  PROP_0,
  PROP_TAGS,
  PROP_DIGESTS,
  PROP_REPOSITORY,
  PROP_TAG,
  PROP_CREATED,
  PROP_SIZE,
  PROP_DANGLING,
  PROP_CONTAINERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BerthImage, berth_image, BERTH_TYPE_RESOURCE)

/* "<none>:<none>" and "<none>@<none>" are how engines say "no tag". */
static char **
without_none (char **refs)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; refs != NULL && refs[i] != NULL; i++)
    {
      if (!g_str_has_prefix (refs[i], "<none>"))
        g_strv_builder_add (builder, refs[i]);
    }

  g_strfreev (refs);
  return g_strv_builder_end (builder);
}

/* "registry:5000/app:1.0" → "registry:5000/app" and "1.0": the tag is
 * after the last ":" that comes after the last "/". */
static void
split_reference (const char  *reference,
                 char       **repository,
                 char       **tag)
{
  const char *slash = strrchr (reference, '/');
  const char *colon = strrchr (slash ? slash : reference, ':');

  if (colon == NULL)
    {
      *repository = g_strdup (reference);
      *tag = g_strdup ("");
      return;
    }

  *repository = g_strndup (reference, colon - reference);
  *tag = g_strdup (colon + 1);
}

static gboolean
berth_image_update_from_json (BerthResource  *resource,
                              JsonObject     *object,
                              GError        **error)
{
  BerthImage *self = BERTH_IMAGE (resource);
  g_auto (GStrv) tags = NULL, digests = NULL;
  g_autofree char *repository = NULL, *tag = NULL;
  gint64 created = 0, size = 0;
  gboolean was_dangling;

  if (!_berth_json_get_strv (object, "RepoTags", &tags, error) ||
      !_berth_json_get_strv (object, "RepoDigests", &digests, error) ||
      !_berth_json_get_int (object, "Created", BERTH_JSON_OPTIONAL, &created, error) ||
      !_berth_json_get_int (object, "Size", BERTH_JSON_OPTIONAL, &size, error))
    return FALSE;

  tags = without_none (g_steal_pointer (&tags));
  digests = without_none (g_steal_pointer (&digests));

  if (tags[0] != NULL)
    split_reference (tags[0], &repository, &tag);
  else if (digests[0] != NULL)
    {
      const char *at = strchr (digests[0], '@');

      repository = g_strndup (digests[0], at ? at - digests[0] : (gssize) strlen (digests[0]));
    }

  berth_resource_set_string (resource, &self->repository, repository, properties[PROP_REPOSITORY]);
  berth_resource_set_string (resource, &self->tag, tag, properties[PROP_TAG]);
  berth_resource_set_int64 (resource, &self->created, created, properties[PROP_CREATED]);
  berth_resource_set_int64 (resource, &self->size, size, properties[PROP_SIZE]);
  berth_resource_set_strv (resource, &self->digests, g_steal_pointer (&digests), properties[PROP_DIGESTS]);

  was_dangling = berth_image_get_dangling (self);
  berth_resource_set_strv (resource, &self->tags, g_steal_pointer (&tags), properties[PROP_TAGS]);
  if (was_dangling != berth_image_get_dangling (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DANGLING]);

  return TRUE;
}

/* The number of containers is the store's to set, not the answer's. */
static void
berth_image_update_from (BerthResource *resource,
                         BerthResource *fresh_resource)
{
  BerthImage *self = BERTH_IMAGE (resource);
  BerthImage *fresh = BERTH_IMAGE (fresh_resource);
  gboolean was_dangling;

  berth_resource_set_string (resource, &self->repository, fresh->repository, properties[PROP_REPOSITORY]);
  berth_resource_set_string (resource, &self->tag, fresh->tag, properties[PROP_TAG]);
  berth_resource_set_int64 (resource, &self->created, fresh->created, properties[PROP_CREATED]);
  berth_resource_set_int64 (resource, &self->size, fresh->size, properties[PROP_SIZE]);
  berth_resource_set_strv (resource, &self->digests, g_steal_pointer (&fresh->digests), properties[PROP_DIGESTS]);

  was_dangling = berth_image_get_dangling (self);
  berth_resource_set_strv (resource, &self->tags, g_steal_pointer (&fresh->tags), properties[PROP_TAGS]);
  if (was_dangling != berth_image_get_dangling (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DANGLING]);
}

static const char *
berth_image_get_display_name (BerthResource *resource)
{
  BerthImage *self = BERTH_IMAGE (resource);

  if (self->tags != NULL && self->tags[0] != NULL)
    return self->tags[0];

  return berth_resource_get_short_id (resource);
}

static gboolean
berth_image_matches (BerthResource *resource,
                     const char    *folded_needle)
{
  BerthImage *self = BERTH_IMAGE (resource);

  if (BERTH_RESOURCE_CLASS (berth_image_parent_class)->matches (resource, folded_needle))
    return TRUE;

  for (guint i = 0; self->tags != NULL && self->tags[i] != NULL; i++)
    {
      if (berth_match_folded (self->tags[i], folded_needle))
        return TRUE;
    }

  return FALSE;
}

static void
berth_image_finalize (GObject *object)
{
  BerthImage *self = BERTH_IMAGE (object);

  g_strfreev (self->tags);
  g_strfreev (self->digests);
  g_free (self->repository);
  g_free (self->tag);

  G_OBJECT_CLASS (berth_image_parent_class)->finalize (object);
}

static void
berth_image_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  BerthImage *self = BERTH_IMAGE (object);

  switch (prop_id)
    {
    case PROP_TAGS: g_value_set_boxed (value, self->tags); break;
    case PROP_DIGESTS: g_value_set_boxed (value, self->digests); break;
    case PROP_REPOSITORY: g_value_set_string (value, self->repository); break;
    case PROP_TAG: g_value_set_string (value, self->tag); break;
    case PROP_CREATED: g_value_set_int64 (value, self->created); break;
    case PROP_SIZE: g_value_set_int64 (value, self->size); break;
    case PROP_DANGLING: g_value_set_boolean (value, berth_image_get_dangling (self)); break;
    case PROP_CONTAINERS: g_value_set_uint (value, self->containers); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_image_class_init (BerthImageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  BerthResourceClass *resource_class = BERTH_RESOURCE_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = berth_image_finalize;
  object_class->get_property = berth_image_get_property;

  resource_class->update_from_json = berth_image_update_from_json;
  resource_class->update_from = berth_image_update_from;
  resource_class->get_display_name = berth_image_get_display_name;
  resource_class->matches = berth_image_matches;

  properties[PROP_TAGS] = g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_DIGESTS] = g_param_spec_boxed ("digests", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_REPOSITORY] = g_param_spec_string ("repository", NULL, NULL, NULL, flags);
  properties[PROP_TAG] = g_param_spec_string ("tag", NULL, NULL, NULL, flags);
  properties[PROP_CREATED] = g_param_spec_int64 ("created", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_SIZE] = g_param_spec_int64 ("size", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_DANGLING] = g_param_spec_boolean ("dangling", NULL, NULL, TRUE, flags);
  properties[PROP_CONTAINERS] = g_param_spec_uint ("containers", NULL, NULL, 0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
berth_image_init (BerthImage *self)
{
}

BerthImage *
berth_image_new_from_json (JsonObject  *object,
                           GError     **error)
{
  g_autoptr (BerthImage) self = NULL;
  const char *id = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  if (!_berth_json_get_string (object, "Id", BERTH_JSON_REQUIRED, &id, error))
    return NULL;

  self = g_object_new (BERTH_TYPE_IMAGE, "id", id, NULL);
  if (!berth_resource_update_from_json (BERTH_RESOURCE (self), object, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* "repo:tag" references; empty for a dangling image. */
const char * const *
berth_image_get_tags (BerthImage *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE (self), NULL);
  return (const char * const *) self->tags;
}

const char * const *
berth_image_get_digests (BerthImage *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE (self), NULL);
  return (const char * const *) self->digests;
}

/* The repository of the first tag (or digest); NULL when there is none. */
const char *
berth_image_get_repository (BerthImage *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE (self), NULL);
  return self->repository;
}

const char *
berth_image_get_tag (BerthImage *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE (self), NULL);
  return self->tag;
}

gint64
berth_image_get_created (BerthImage *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE (self), 0);
  return self->created;
}

gint64
berth_image_get_size (BerthImage *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE (self), 0);
  return self->size;
}

/* Dangling: no tag at all, what `docker image prune` removes. */
gboolean
berth_image_get_dangling (BerthImage *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE (self), FALSE);
  return self->tags == NULL || self->tags[0] == NULL;
}

/* How many containers (running or not) use the image; set by BerthStore. */
guint
berth_image_get_containers (BerthImage *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE (self), 0);
  return self->containers;
}

void
berth_image_set_containers (BerthImage *self,
                            guint       containers)
{
  g_return_if_fail (BERTH_IS_IMAGE (self));

  if (self->containers == containers)
    return;

  self->containers = containers;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTAINERS]);
}
