/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <fcntl.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>

#include "berth-build.h"
#include "berth-engine-error.h"
#include "berth-image-archive.h"
#include "berth-image-ops.h"
#include "berth-image-transfer.h"
#include "berth-registry-auth.h"
#include "berth-test-util.h"

/* Each image operation as a spec: the API request it builds and the docker
 * line it shows, from the same object; and what is refused before sending. */

#define DIGEST "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void
test_transfer (void)
{
  static const struct
  {
    BerthImageTransferKind kind;
    const char *reference, *platform, *path, *command;
  } cases[] = {
    { BERTH_IMAGE_TRANSFER_PULL, "busybox", NULL,
      "/images/create?fromImage=busybox&tag=latest", "docker pull busybox" },
    { BERTH_IMAGE_TRANSFER_PULL, "docker.io/library/nginx:1.25", NULL,
      "/images/create?fromImage=nginx&tag=1.25", "docker pull docker.io/library/nginx:1.25" },
    { BERTH_IMAGE_TRANSFER_PULL, "127.0.0.1:15000/berth-test/layered:v2", NULL,
      "/images/create?fromImage=127.0.0.1%3A15000%2Fberth-test%2Flayered&tag=v2",
      "docker pull 127.0.0.1:15000/berth-test/layered:v2" },
    { BERTH_IMAGE_TRANSFER_PULL, "nginx@" DIGEST, NULL,
      "/images/create?fromImage=nginx&tag=sha256%3A0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
      "docker pull nginx@" DIGEST },
    { BERTH_IMAGE_TRANSFER_PULL, "nginx:1.25", "linux/arm64/v8",
      "/images/create?fromImage=nginx&tag=1.25&platform=linux%2Farm64%2Fv8",
      "docker pull --platform linux/arm64/v8 nginx:1.25" },
    { BERTH_IMAGE_TRANSFER_PUSH, "127.0.0.1:15000/team/app:1.0", NULL,
      "/images/127.0.0.1:15000/team/app/push?tag=1.0", "docker push 127.0.0.1:15000/team/app:1.0" },
    /* No tag written: every tag of the repository, as docker push does. */
    { BERTH_IMAGE_TRANSFER_PUSH, "myname/app", NULL,
      "/images/myname/app/push", "docker push myname/app" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (BerthImageTransfer) transfer = berth_image_transfer_new (cases[i].kind, cases[i].reference);
      g_autoptr (GError) error = NULL;
      g_autofree char *path = NULL;
      g_autofree char *command = NULL;
      const char *method = NULL;

      transfer->platform = g_strdup (cases[i].platform);
      g_assert_true (berth_image_transfer_build_request (transfer, "1.41", &method, &path, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (method, ==, "POST");
      g_assert_cmpstr (path, ==, cases[i].path);
      command = berth_image_transfer_to_command (transfer);
      g_assert_cmpstr (command, ==, cases[i].command);
    }
}

static void
test_transfer_invalid (void)
{
  static const struct { BerthImageTransferKind kind; const char *reference, *platform; } cases[] = {
    { BERTH_IMAGE_TRANSFER_PULL, "", NULL },
    { BERTH_IMAGE_TRANSFER_PULL, "UPPER/case", NULL },
    { BERTH_IMAGE_TRANSFER_PULL, "nginx", "linux" },
    { BERTH_IMAGE_TRANSFER_PULL, "nginx", "linux/arm 64" },
    { BERTH_IMAGE_TRANSFER_PUSH, "app@" DIGEST, NULL },
    { BERTH_IMAGE_TRANSFER_PUSH, "app:1", "linux/amd64" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (BerthImageTransfer) transfer = berth_image_transfer_new (cases[i].kind, cases[i].reference);
      g_autoptr (GError) error = NULL;
      g_autofree char *path = NULL;
      const char *method = NULL;

      transfer->platform = g_strdup (cases[i].platform);
      g_assert_false (berth_image_transfer_build_request (transfer, "1.41", &method, &path, &error));
      g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
      g_assert_null (path);
    }
}

static void
test_transfer_server (void)
{
  static const char *cases[][2] = {
    { "nginx", BERTH_REGISTRY_DOCKER_HUB_SERVER },
    { "ghcr.io/me/tool:2", "ghcr.io" },
    { "127.0.0.1:15000/berth-test/layered", "127.0.0.1:15000" },
    { "not valid!", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (BerthImageTransfer) transfer = berth_image_transfer_new (BERTH_IMAGE_TRANSFER_PULL, cases[i][0]);
      g_autofree char *server = berth_image_transfer_get_server (transfer);

      g_assert_cmpstr (server, ==, cases[i][1]);
    }
}

static void
test_tag (void)
{
  static const struct
  {
    gboolean add;
    const char *source, *target, *method, *path, *command;
  } cases[] = {
    { TRUE, "busybox", "mybox", "POST", "/images/busybox/tag?repo=mybox&tag=latest", "docker tag busybox mybox" },
    { TRUE, DIGEST, "registry:5000/team/app:1.0", "POST",
      "/images/" DIGEST "/tag?repo=registry%3A5000%2Fteam%2Fapp&tag=1.0",
      "docker tag " DIGEST " registry:5000/team/app:1.0" },
    { TRUE, "f9785ebf6e3e", "docker.io/library/box:v1", "POST",
      "/images/f9785ebf6e3e/tag?repo=box&tag=v1", "docker tag f9785ebf6e3e docker.io/library/box:v1" },
    { FALSE, NULL, "registry:5000/team/app:1.0", "DELETE",
      "/images/registry:5000/team/app:1.0", "docker rmi registry:5000/team/app:1.0" },
    { FALSE, NULL, "mybox", "DELETE", "/images/mybox", "docker rmi mybox" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (BerthImageTag) op = cases[i].add ? berth_image_tag_new_add (cases[i].source, cases[i].target)
                                                  : berth_image_tag_new_remove (cases[i].target);
      g_autoptr (GError) error = NULL;
      g_autofree char *path = NULL;
      g_autofree char *command = NULL;
      const char *method = NULL;

      g_assert_true (berth_image_tag_build_request (op, &method, &path, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (method, ==, cases[i].method);
      g_assert_cmpstr (path, ==, cases[i].path);
      command = berth_image_tag_to_command (op);
      g_assert_cmpstr (command, ==, cases[i].command);
    }
}

static void
test_tag_invalid (void)
{
  static const struct { gboolean add; const char *source, *target; } cases[] = {
    { TRUE, "", "box" },
    { TRUE, "my image", "box" },
    { TRUE, "busybox", "Box" },
    { TRUE, "busybox", "box@" DIGEST },
    { TRUE, "busybox", "" },
    /* Untag takes a tag, never an id or a digest (which remove the image). */
    { FALSE, NULL, DIGEST },
    { FALSE, NULL, "0123456789ab" },
    { FALSE, NULL, "app@" DIGEST },
    { FALSE, NULL, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (BerthImageTag) op = cases[i].add ? berth_image_tag_new_add (cases[i].source, cases[i].target)
                                                  : berth_image_tag_new_remove (cases[i].target);
      g_autoptr (GError) error = NULL;

      g_assert_false (berth_image_tag_validate (op, &error));
      g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_build_spec (void)
{
  g_autoptr (BerthBuildSpec) spec = berth_build_spec_new ("/home/me/app");
  g_autoptr (BerthBuildSpec) plain = berth_build_spec_new ("/home/me/my app");
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *command = NULL;
  g_autofree char *plain_path = NULL;
  g_autofree char *plain_command = NULL;
  const char *tags[] = { "app:1", "registry:5000/app:latest", NULL };
  const char *args[] = { "A=1", "B=x y", "EMPTY=", NULL };
  const char *method = NULL;

  spec->tags = g_strdupv ((char **) tags);
  spec->build_args = g_strdupv ((char **) args);
  spec->dockerfile = g_strdup ("./docker//Dockerfile.dev");
  spec->target = g_strdup ("builder");
  spec->no_cache = TRUE;
  spec->pull = TRUE;
  spec->force_rm = TRUE;

  g_assert_true (berth_build_spec_build_request (spec, "1.41", &method, &path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (method, ==, "POST");
  g_assert_cmpstr (path, ==,
                   "/build?t=app%3A1&t=registry%3A5000%2Fapp%3Alatest"
                   "&dockerfile=docker%2FDockerfile.dev"
                   "&buildargs=%7B%22A%22%3A%221%22%2C%22B%22%3A%22x%20y%22%2C%22EMPTY%22%3A%22%22%7D"
                   "&target=builder&nocache=1&pull=1&rm=1&forcerm=1");
  command = berth_build_spec_to_command (spec);
  g_assert_cmpstr (command, ==,
                   "docker build -t app:1 -t registry:5000/app:latest -f /home/me/app/docker/Dockerfile.dev "
                   "--build-arg A=1 --build-arg 'B=x y' --build-arg EMPTY= --target builder "
                   "--no-cache --pull --force-rm /home/me/app");

  /* The defaults: just the context and rm=1, as `docker build .` sends. */
  g_assert_true (berth_build_spec_build_request (plain, "1.41", &method, &plain_path, &error));
  g_assert_cmpstr (plain_path, ==, "/build?dockerfile=Dockerfile&rm=1");
  plain_command = berth_build_spec_to_command (plain);
  g_assert_cmpstr (plain_command, ==, "docker build '/home/me/my app'");
}

static void
test_build_spec_invalid (void)
{
  static const struct { const char *context, *dockerfile, *tag, *arg, *target; } cases[] = {
    { NULL, NULL, NULL, NULL, NULL },
    { "relative/dir", NULL, NULL, NULL, NULL },
    { "/ctx", "../Dockerfile", NULL, NULL, NULL },
    { "/ctx", "/etc/Dockerfile", NULL, NULL, NULL },
    { "/ctx", "a/../..", NULL, NULL, NULL },
    { "/ctx", NULL, "Bad:Tag", NULL, NULL },
    { "/ctx", NULL, "app@" DIGEST, NULL, NULL },
    { "/ctx", NULL, NULL, "NOVALUE", NULL },
    { "/ctx", NULL, NULL, "=x", NULL },
    { "/ctx", NULL, NULL, "MY ARG=x", NULL },
    { "/ctx", NULL, NULL, NULL, "two words" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (BerthBuildSpec) spec = berth_build_spec_new (cases[i].context);
      g_autoptr (GError) error = NULL;
      const char *tags[] = { cases[i].tag, NULL };
      const char *args[] = { cases[i].arg, NULL };

      spec->dockerfile = g_strdup (cases[i].dockerfile);
      spec->tags = g_strdupv ((char **) tags);
      spec->build_args = g_strdupv ((char **) args);
      spec->target = g_strdup (cases[i].target);
      g_assert_false (berth_build_spec_validate (spec, &error));
      g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_build_output (void)
{
  g_autoptr (BerthBuildSpec) spec = berth_build_spec_new ("/ctx");
  g_autoptr (BerthBuild) ok = berth_build_new (spec);
  g_autoptr (BerthBuild) failing = berth_build_new (spec);
  g_autoptr (GError) error = NULL;
  g_autofree char *ok_path = berth_test_fixture_path ("progress/build-ok.jsonl");
  g_autofree char *fail_path = berth_test_fixture_path ("progress/build-fail.jsonl");
  g_autofree char *ok_text = NULL;
  g_autofree char *fail_text = NULL;
  g_auto (GStrv) ok_lines = NULL;
  g_auto (GStrv) fail_lines = NULL;
  gboolean failed = FALSE;

  g_assert_true (g_file_get_contents (ok_path, &ok_text, NULL, NULL));
  ok_lines = g_strsplit (ok_text, "\n", -1);
  for (guint i = 0; ok_lines[i] != NULL; i++)
    {
      g_assert_true (berth_build_feed_line (ok, ok_lines[i], -1, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpstr (berth_build_get_image_id (ok), ==,
                   "sha256:cc61392f38d1f0412c3aa3ae832e09da55d16da424d713e577b67b0676e4cfcf");
  g_assert_cmpstr (berth_build_get_step (ok), ==, "Step 4/4 : COPY . /app");
  g_assert_cmpuint (berth_build_get_step_number (ok), ==, 4);
  g_assert_cmpuint (berth_build_get_step_count (ok), ==, 4);
  g_assert_null (berth_build_get_failed_step (ok));

  g_assert_true (g_file_get_contents (fail_path, &fail_text, NULL, NULL));
  fail_lines = g_strsplit (fail_text, "\n", -1);
  for (guint i = 0; fail_lines[i] != NULL && !failed; i++)
    failed = !berth_build_feed_line (failing, fail_lines[i], -1, &error);
  g_assert_true (failed);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_STREAM);
  g_assert_cmpstr (error->message, ==,
                   "Step 3/4 (RUN echo about to fail && false) failed: "
                   "The command '/bin/sh -c echo about to fail && false' returned a non-zero code: 1");
  g_assert_cmpstr (berth_build_get_failed_step (failing), ==, "Step 3/4 : RUN echo about to fail && false");
  g_assert_null (berth_build_get_image_id (failing));
}

/* Podman's compat API speaks like buildah: "STEP 2/3: …". */
static void
test_build_output_podman (void)
{
  g_autoptr (BerthBuildSpec) spec = berth_build_spec_new ("/ctx");
  g_autoptr (BerthBuild) build = berth_build_new (spec);
  g_autoptr (GError) error = NULL;

  g_assert_true (berth_build_feed_line (build, "{\"stream\":\"STEP 1/3: FROM alpine\\n\"}", -1, &error));
  g_assert_true (berth_build_feed_line (build, "{\"stream\":\"STEP 2/3: RUN make\\n\"}", -1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (berth_build_get_step_number (build), ==, 2);
  g_assert_cmpuint (berth_build_get_step_count (build), ==, 3);
  g_assert_false (berth_build_feed_line (build, "{\"error\":\"error building at STEP \\\"RUN make\\\": exit status 2\"}",
                                         -1, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_STREAM);
  g_assert_cmpstr (error->message, ==, "Step 2/3 (RUN make) failed: error building at STEP \"RUN make\": exit status 2");
  g_assert_cmpstr (berth_build_get_failed_step (build), ==, "STEP 2/3: RUN make");
}

static void
test_archive (void)
{
  const char *two[] = { "busybox", "app:1", NULL };
  const char *one[] = { "busybox", NULL };
  g_autoptr (BerthImageArchive) save = berth_image_archive_new_save ("/tmp/out.tar", two);
  g_autoptr (BerthImageArchive) save_gz = berth_image_archive_new_save ("/tmp/My Images.TGZ", one);
  g_autoptr (BerthImageArchive) load = berth_image_archive_new_load ("/tmp/in.tar.xz");
  g_autoptr (BerthImageArchive) import = berth_image_archive_new_import ("/tmp/rootfs.tar", "rootfs:1.0");
  g_autoptr (BerthImageArchive) import_plain = berth_image_archive_new_import ("/tmp/rootfs.tar", NULL);
  const struct { BerthImageArchive *archive; const char *method, *path, *command; } cases[] = {
    { save, "GET", "/images/get?names=busybox&names=app%3A1", "docker save -o /tmp/out.tar busybox app:1" },
    { save_gz, "GET", "/images/get?names=busybox", "docker save busybox | gzip > '/tmp/My Images.TGZ'" },
    { load, "POST", "/images/load?quiet=1", "docker load -i /tmp/in.tar.xz" },
    { import, "POST", "/images/create?fromSrc=-&repo=rootfs%3A1.0", "docker import /tmp/rootfs.tar rootfs:1.0" },
    { import_plain, "POST", "/images/create?fromSrc=-", "docker import /tmp/rootfs.tar" },
  };

  g_assert_false (berth_image_archive_get_compressed (save));
  g_assert_true (berth_image_archive_get_compressed (save_gz));
  g_assert_false (berth_image_archive_get_compressed (load));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *path = NULL;
      g_autofree char *command = NULL;
      const char *method = NULL;

      g_assert_true (berth_image_archive_build_request (cases[i].archive, &method, &path, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (method, ==, cases[i].method);
      g_assert_cmpstr (path, ==, cases[i].path);
      command = berth_image_archive_to_command (cases[i].archive);
      g_assert_cmpstr (command, ==, cases[i].command);
    }
}

static void
test_archive_invalid (void)
{
  const char *none[] = { NULL };
  const char *blank[] = { "", NULL };
  g_autoptr (BerthImageArchive) relative = berth_image_archive_new_load ("images.tar");
  g_autoptr (BerthImageArchive) empty = berth_image_archive_new_load ("");
  g_autoptr (BerthImageArchive) no_images = berth_image_archive_new_save ("/tmp/x.tar", none);
  g_autoptr (BerthImageArchive) blank_image = berth_image_archive_new_save ("/tmp/x.tar", blank);
  g_autoptr (BerthImageArchive) bad_name = berth_image_archive_new_import ("/tmp/x.tar", "Bad Name");
  BerthImageArchive *cases[] = { relative, empty, no_images, blank_image, bad_name };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (berth_image_archive_validate (cases[i], &error));
      g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_disk_usage (void)
{
  const char *json =
    "{\"LayersSize\":1000,"
    " \"Images\":["
    "  {\"Containers\":1,\"Size\":600,\"SharedSize\":100,\"RepoTags\":[\"a:1\"]},"
    "  {\"Containers\":0,\"Size\":300,\"SharedSize\":100,\"RepoTags\":[\"<none>:<none>\"]},"
    "  {\"Containers\":0,\"Size\":200,\"SharedSize\":-1,\"RepoTags\":[\"b:1\"]}],"
    " \"Containers\":["
    "  {\"SizeRw\":10,\"State\":\"running\"},"
    "  {\"SizeRw\":20,\"State\":\"exited\"}],"
    " \"Volumes\":["
    "  {\"UsageData\":{\"Size\":5,\"RefCount\":0}},"
    "  {\"UsageData\":{\"Size\":7,\"RefCount\":1}},"
    "  {\"UsageData\":{\"Size\":-1,\"RefCount\":-1}}],"
    " \"BuildCache\":[{\"Size\":50,\"InUse\":false},{\"Size\":30,\"InUse\":true}]}";
  g_autoptr (JsonNode) node = json_from_string (json, NULL);
  g_autoptr (BerthDiskUsage) usage = NULL;
  g_autoptr (JsonNode) bad = json_from_string ("{\"Images\":{}}", NULL);
  g_autoptr (GError) error = NULL;

  usage = berth_disk_usage_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (usage->layers_size, ==, 1000);
  g_assert_cmpuint (usage->images, ==, 3);
  g_assert_cmpuint (usage->images_in_use, ==, 1);
  g_assert_cmpuint (usage->images_unused, ==, 2);
  g_assert_cmpuint (usage->images_dangling, ==, 1);
  g_assert_cmpint (usage->images_dangling_size, ==, 200);
  g_assert_cmpint (usage->images_unused_size, ==, 400);
  g_assert_cmpint (usage->images_reclaimable, ==, 500);
  g_assert_cmpuint (usage->containers, ==, 2);
  g_assert_cmpuint (usage->containers_running, ==, 1);
  g_assert_cmpint (usage->containers_size, ==, 30);
  g_assert_cmpint (usage->containers_reclaimable, ==, 20);
  g_assert_cmpuint (usage->volumes, ==, 3);
  g_assert_cmpuint (usage->volumes_unused, ==, 1);
  g_assert_cmpint (usage->volumes_size, ==, 12);
  g_assert_cmpint (usage->volumes_reclaimable, ==, 5);
  g_assert_cmpint (usage->build_cache_size, ==, 80);
  g_assert_cmpint (usage->build_cache_reclaimable, ==, 50);

  g_assert_null (berth_disk_usage_new_from_json (bad, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA);
}

/* The build context ------------------------------------------------------------------- */

static void
put (const char *dir,
     const char *name,
     const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

static char *
make_context (void)
{
  char *dir = g_dir_make_tmp ("berth-context-XXXXXX", NULL);
  g_autofree char *link = g_build_filename (dir, "link", NULL);

  put (dir, "Dockerfile", "FROM scratch\nCOPY . /\n");
  put (dir, ".dockerignore", "*.log\nsecret\n!secret/keep.txt\ndocs\nDockerfile\n");
  put (dir, "a.txt", "hello\n");
  put (dir, "b.log", "noise\n");
  put (dir, "secret/key", "private\n");
  put (dir, "secret/keep.txt", "public\n");
  put (dir, "docs/x.md", "# docs\n");
  put (dir, "sub/c.txt", "sub\n");
  g_assert_cmpint (symlink ("a.txt", link), ==, 0);
  return dir;
}

static void
remove_context (const char *dir)
{
  const char *files[] = { "Dockerfile", ".dockerignore", "a.txt", "b.log", "secret/key", "secret/keep.txt",
                          "docs/x.md", "sub/c.txt", "link", "secret", "docs", "sub", "", NULL };

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i], NULL);

      g_remove (path);
    }
}

static void
test_context_scan (void)
{
  g_autofree char *dir = make_context ();
  g_autoptr (BerthBuildSpec) spec = berth_build_spec_new (dir);
  g_autoptr (BerthBuildSpec) missing = berth_build_spec_new (dir);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  BerthBuildContext context = { 0, };
  GAsyncResult *slot = NULL;

  berth_build_context_scan_async (spec, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  g_assert_true (berth_build_context_scan_finish (result, &context, &error));
  g_assert_no_error (error);
  /* Dockerfile (kept though ignored), .dockerignore, a.txt, link,
   * secret/keep.txt, sub/c.txt; the folder sub; b.log, docs, secret/key out. */
  g_assert_cmpuint (context.files, ==, 6);
  g_assert_cmpuint (context.directories, ==, 1);
  g_assert_cmpuint (context.excluded, ==, 3);
  g_assert_cmpuint (context.bytes, ==, 22 + 46 + 6 + 7 + 4);
  g_clear_object (&result);

  missing->dockerfile = g_strdup ("Containerfile");
  berth_build_context_scan_async (missing, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  g_assert_false (berth_build_context_scan_finish (result, &context, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  remove_context (dir);
}

static void
test_context_tar (void)
{
  g_autofree char *dir = make_context ();
  g_autofree char *tar_path = g_build_filename (dir, "..", "berth-context-test.tar", NULL);
  g_autoptr (BerthDockerignore) ignore = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  const char *expected[] = { ".dockerignore", "Dockerfile", "a.txt", "link", "secret/keep.txt", "sub/", "sub/c.txt", NULL };
  struct archive *reader;
  struct archive_entry *entry;
  guint64 written = 0;
  int fd;

  ignore = berth_dockerignore_new_from_data ("*.log\nsecret\n!secret/keep.txt\ndocs\nDockerfile\n", -1, &error);
  g_assert_no_error (error);
  berth_dockerignore_keep (ignore, "Dockerfile");
  berth_dockerignore_keep (ignore, ".dockerignore");

  fd = g_open (tar_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_true (berth_build_context_write (dir, ignore, fd, &written, NULL, &error));
  g_assert_no_error (error);
  close (fd);
  g_assert_cmpuint (written, >, 0);
  g_assert_cmpuint (written % 512, ==, 0);

  reader = archive_read_new ();
  archive_read_support_format_tar (reader);
  g_assert_cmpint (archive_read_open_filename (reader, tar_path, 10240), ==, ARCHIVE_OK);
  while (archive_read_next_header (reader, &entry) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname (entry);

      g_ptr_array_add (names, g_strdup (name));
      g_assert_cmpint (archive_entry_uid (entry), ==, 0);
      g_assert_cmpint (archive_entry_gid (entry), ==, 0);
      if (g_str_equal (name, "link"))
        {
          g_assert_cmpint (archive_entry_filetype (entry), ==, AE_IFLNK);
          g_assert_cmpstr (archive_entry_symlink (entry), ==, "a.txt");
        }
      if (g_str_equal (name, "a.txt"))
        {
          char buffer[16] = { 0, };

          g_assert_cmpint (archive_entry_size (entry), ==, 6);
          g_assert_cmpint (archive_read_data (reader, buffer, sizeof buffer), ==, 6);
          g_assert_cmpstr (buffer, ==, "hello\n");
        }
    }
  archive_read_free (reader);
  g_ptr_array_add (names, NULL);
  g_assert_cmpstrv ((char **) names->pdata, expected);

  /* Cancelled: nothing is written, and the answer says so. */
  {
    g_autoptr (GCancellable) cancellable = g_cancellable_new ();

    g_clear_error (&error);
    fd = g_open (tar_path, O_WRONLY | O_TRUNC | O_CLOEXEC, 0600);
    g_cancellable_cancel (cancellable);
    g_assert_false (berth_build_context_write (dir, ignore, fd, NULL, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    close (fd);
  }

  g_remove (tar_path);
  remove_context (dir);
}

int
main (int   argc,
      char *argv[])
{
  berth_test_init (&argc, &argv);

  g_test_add_func ("/image-specs/transfer", test_transfer);
  g_test_add_func ("/image-specs/transfer-invalid", test_transfer_invalid);
  g_test_add_func ("/image-specs/transfer-server", test_transfer_server);
  g_test_add_func ("/image-specs/tag", test_tag);
  g_test_add_func ("/image-specs/tag-invalid", test_tag_invalid);
  g_test_add_func ("/image-specs/build", test_build_spec);
  g_test_add_func ("/image-specs/build-invalid", test_build_spec_invalid);
  g_test_add_func ("/image-specs/build-output", test_build_output);
  g_test_add_func ("/image-specs/build-output-podman", test_build_output_podman);
  g_test_add_func ("/image-specs/archive", test_archive);
  g_test_add_func ("/image-specs/archive-invalid", test_archive_invalid);
  g_test_add_func ("/image-specs/disk-usage", test_disk_usage);
  g_test_add_func ("/image-specs/context-scan", test_context_scan);
  g_test_add_func ("/image-specs/context-tar", test_context_tar);

  return g_test_run ();
}
