/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * BerthDockerignore:
 *
 * The patterns of a .dockerignore file, matched the way docker matches them
 * (moby/patternmatcher): later patterns override earlier ones, "!" makes an
 * exception, "**" crosses directories, "*", "?" and "[…]" do not, and a
 * pattern that matches a directory excludes everything in it.
 */
typedef struct _BerthDockerignore BerthDockerignore;

#define BERTH_TYPE_DOCKERIGNORE (berth_dockerignore_get_type ())

GType               berth_dockerignore_get_type        (void) G_GNUC_CONST;
char              **berth_dockerignore_parse            (const char          *data,
                                                         gssize               length);
BerthDockerignore  *berth_dockerignore_new              (const char * const  *patterns,
                                                         GError             **error);
BerthDockerignore  *berth_dockerignore_new_from_data    (const char          *data,
                                                         gssize               length,
                                                         GError             **error);
BerthDockerignore  *berth_dockerignore_ref              (BerthDockerignore   *self);
void                berth_dockerignore_unref            (BerthDockerignore   *self);
guint               berth_dockerignore_get_n_patterns   (BerthDockerignore   *self);
gboolean            berth_dockerignore_has_exceptions   (BerthDockerignore   *self);
gboolean            berth_dockerignore_excludes         (BerthDockerignore   *self,
                                                         const char          *path);
gboolean            berth_dockerignore_must_enter       (BerthDockerignore   *self,
                                                         const char          *dir);
void                berth_dockerignore_keep             (BerthDockerignore   *self,
                                                         const char          *path);
char               *berth_clean_path                    (const char          *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthDockerignore, berth_dockerignore_unref)

G_END_DECLS
