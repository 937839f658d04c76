/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-dockerignore.h"
#include "berth-engine.h"
#include "berth-progress.h"

G_BEGIN_DECLS

#define BERTH_BUILD_DEFAULT_DOCKERFILE "Dockerfile"

/**
 * BerthBuildSpec:
 * @context_dir: the build context, an absolute folder path
 * @dockerfile: (nullable): the Dockerfile, relative to @context_dir;
 *   %NULL or "" for %BERTH_BUILD_DEFAULT_DOCKERFILE
 * @tags: (nullable): references to tag the result with ("app:1.0")
 * @build_args: (nullable): "KEY=VALUE" build arguments
 * @target: (nullable): the stage to build in a multi-stage Dockerfile
 * @no_cache: build every step again (--no-cache)
 * @pull: pull newer base images (--pull)
 * @force_rm: remove intermediate containers even when a step fails (--force-rm)
 *
 * A classic-builder build, as data: the same object builds the request and
 * the `docker build` line.
 */
typedef struct
{
  char      *context_dir;
  char      *dockerfile;
  char     **tags;
  char     **build_args;
  char      *target;
  gboolean   no_cache;
  gboolean   pull;
  gboolean   force_rm;
} BerthBuildSpec;

#define BERTH_TYPE_BUILD_SPEC (berth_build_spec_get_type ())

GType           berth_build_spec_get_type       (void) G_GNUC_CONST;
BerthBuildSpec *berth_build_spec_new            (const char            *context_dir);
BerthBuildSpec *berth_build_spec_copy           (const BerthBuildSpec  *self);
void            berth_build_spec_free           (BerthBuildSpec        *self);
const char     *berth_build_spec_get_dockerfile (const BerthBuildSpec  *self);
gboolean        berth_build_spec_validate       (const BerthBuildSpec  *self,
                                                 GError               **error);
gboolean        berth_build_spec_build_request  (const BerthBuildSpec  *self,
                                                 const char            *api_version,
                                                 const char           **method,
                                                 char                 **path,
                                                 GError               **error);
char          **berth_build_spec_to_argv        (const BerthBuildSpec  *self);
char           *berth_build_spec_to_command     (const BerthBuildSpec  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthBuildSpec, berth_build_spec_free)

/**
 * BerthBuildContext:
 * @files: files (and links) that will be sent
 * @directories: directories that will be sent
 * @bytes: the size of the files that will be sent
 * @excluded: files and directories .dockerignore leaves out
 *
 * What a build context holds, counted before sending it.
 */
typedef struct
{
  guint64 files;
  guint64 directories;
  guint64 bytes;
  guint64 excluded;
} BerthBuildContext;

void            berth_build_context_scan_async  (const BerthBuildSpec  *spec,
                                                 GCancellable          *cancellable,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data);
gboolean        berth_build_context_scan_finish (GAsyncResult          *result,
                                                 BerthBuildContext     *context,
                                                 GError               **error);
gboolean        berth_build_context_write       (const char            *context_dir,
                                                 BerthDockerignore     *ignore,
                                                 int                    fd,
                                                 guint64               *bytes_written,
                                                 GCancellable          *cancellable,
                                                 GError               **error);

/**
 * BerthBuildPhase:
 * @BERTH_BUILD_PHASE_IDLE: not started
 * @BERTH_BUILD_PHASE_SENDING: the context is being sent
 * @BERTH_BUILD_PHASE_BUILDING: the engine runs the steps
 * @BERTH_BUILD_PHASE_DONE: the image is built
 * @BERTH_BUILD_PHASE_FAILED: a step failed, or the build was cancelled
 */
typedef enum
{
  BERTH_BUILD_PHASE_IDLE,
  BERTH_BUILD_PHASE_SENDING,
  BERTH_BUILD_PHASE_BUILDING,
  BERTH_BUILD_PHASE_DONE,
  BERTH_BUILD_PHASE_FAILED,
} BerthBuildPhase;

/**
 * BerthBuildLineKind:
 * @BERTH_BUILD_LINE_STEP: "Step 2/5 : RUN make"
 * @BERTH_BUILD_LINE_OUTPUT: what a step printed, and the builder's own notes
 * @BERTH_BUILD_LINE_STATUS: a base image being pulled
 * @BERTH_BUILD_LINE_ERROR: the failure
 */
typedef enum
{
  BERTH_BUILD_LINE_STEP,
  BERTH_BUILD_LINE_OUTPUT,
  BERTH_BUILD_LINE_STATUS,
  BERTH_BUILD_LINE_ERROR,
} BerthBuildLineKind;

#define BERTH_TYPE_BUILD (berth_build_get_type ())

G_DECLARE_FINAL_TYPE (BerthBuild, berth_build, BERTH, BUILD, GObject)

BerthBuild           *berth_build_new                (const BerthBuildSpec  *spec);
const BerthBuildSpec *berth_build_get_spec           (BerthBuild            *self);
BerthBuildPhase       berth_build_get_phase          (BerthBuild            *self);
const char           *berth_build_get_step           (BerthBuild            *self);
guint                 berth_build_get_step_number    (BerthBuild            *self);
guint                 berth_build_get_step_count     (BerthBuild            *self);
const char           *berth_build_get_image_id       (BerthBuild            *self);
const char           *berth_build_get_failed_step    (BerthBuild            *self);
guint64               berth_build_get_sent_bytes     (BerthBuild            *self);
BerthProgress        *berth_build_get_pull_progress  (BerthBuild            *self);
gboolean              berth_build_feed_line          (BerthBuild            *self,
                                                      const char            *line,
                                                      gssize                 length,
                                                      GError               **error);
void                  berth_build_run_async          (BerthBuild            *self,
                                                      BerthEngine           *engine,
                                                      GCancellable          *cancellable,
                                                      GAsyncReadyCallback    callback,
                                                      gpointer               user_data);
char                 *berth_build_run_finish         (BerthBuild            *self,
                                                      GAsyncResult          *result,
                                                      GError               **error);

G_END_DECLS
