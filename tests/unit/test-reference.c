/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "berth-engine-error.h"
#include "berth-reference.h"
#include "berth-test-util.h"

#define SHA256 "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

typedef struct
{
  const char *text;
  const char *registry;
  const char *path;
  const char *familiar;
  const char *tag;
  const char *digest;
  const char *canonical;
} Valid;

static void
test_valid (void)
{
  static const Valid cases[] = {
    { "nginx", "docker.io", "library/nginx", "nginx", "latest", NULL, "docker.io/library/nginx:latest" },
    { "library/nginx:1.25", "docker.io", "library/nginx", "nginx", "1.25", NULL, "docker.io/library/nginx:1.25" },
    { "docker.io/library/nginx", "docker.io", "library/nginx", "nginx", "latest", NULL, "docker.io/library/nginx:latest" },
    { "index.docker.io/library/nginx", "docker.io", "library/nginx", "nginx", "latest", NULL, "docker.io/library/nginx:latest" },
    { "jiangmiemie/llmchat:0.0.2", "docker.io", "jiangmiemie/llmchat", "jiangmiemie/llmchat", "0.0.2", NULL, "docker.io/jiangmiemie/llmchat:0.0.2" },
    { "localhost:5000/app:1", "localhost:5000", "app", "localhost:5000/app", "1", NULL, "localhost:5000/app:1" },
    { "localhost/app", "localhost", "app", "localhost/app", "latest", NULL, "localhost/app:latest" },
    { "127.0.0.1:15000/berth-test/busybox:latest", "127.0.0.1:15000", "berth-test/busybox", "127.0.0.1:15000/berth-test/busybox", "latest", NULL, "127.0.0.1:15000/berth-test/busybox:latest" },
    { "registry.example.com:5000/ns/app@" SHA256, "registry.example.com:5000", "ns/app", "registry.example.com:5000/ns/app", NULL, SHA256, "registry.example.com:5000/ns/app@" SHA256 },
    { "ghcr.io/a/b/c:v1@" SHA256, "ghcr.io", "a/b/c", "ghcr.io/a/b/c", "v1", SHA256, "ghcr.io/a/b/c:v1@" SHA256 },
    { "[::1]:5000/app", "[::1]:5000", "app", "[::1]:5000/app", "latest", NULL, "[::1]:5000/app:latest" },
    { "my-app_1.x__y---z:Tag_1.0-rc", "docker.io", "library/my-app_1.x__y---z", "my-app_1.x__y---z", "Tag_1.0-rc", NULL, "docker.io/library/my-app_1.x__y---z:Tag_1.0-rc" },
    { "ubuntu:_", "docker.io", "library/ubuntu", "ubuntu", "_", NULL, "docker.io/library/ubuntu:_" },
    { "localhost:5000", "docker.io", "library/localhost", "localhost", "5000", NULL, "docker.io/library/localhost:5000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Valid *c = &cases[i];
      g_autoptr (GError) error = NULL;
      g_autoptr (BerthReference) ref = berth_reference_parse (c->text, &error);
      g_autoptr (BerthReference) copy = NULL;
      g_autoptr (BerthReference) again = NULL;

      g_test_message ("%s", c->text);
      g_assert_no_error (error);
      g_assert_nonnull (ref);
      g_assert_cmpstr (berth_reference_get_registry (ref), ==, c->registry);
      g_assert_cmpstr (berth_reference_get_path (ref), ==, c->path);
      g_assert_cmpstr (berth_reference_get_familiar_name (ref), ==, c->familiar);
      g_assert_cmpstr (berth_reference_get_tag (ref), ==, c->tag);
      g_assert_cmpstr (berth_reference_get_digest (ref), ==, c->digest);
      g_assert_cmpstr (berth_reference_to_string (ref), ==, c->canonical);
      g_assert_true (berth_reference_validate (c->text, NULL));

      /* The canonical form reads back as the same reference. */
      again = berth_reference_parse (berth_reference_to_string (ref), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (berth_reference_to_string (again), ==, c->canonical);

      copy = berth_reference_copy (ref);
      g_assert_cmpstr (berth_reference_to_string (copy), ==, c->canonical);
    }
}

static void
test_familiar (void)
{
  g_autoptr (BerthReference) plain = berth_reference_parse ("nginx", NULL);
  g_autoptr (BerthReference) tagged = berth_reference_parse ("myname/app:1.0", NULL);
  g_autoptr (BerthReference) digest = berth_reference_parse ("myname/app@" SHA256, NULL);
  g_autoptr (BerthReference) nested = berth_reference_parse ("library/a/b", NULL);
  g_autofree char *a = berth_reference_to_familiar (plain);
  g_autofree char *b = berth_reference_to_familiar (tagged);
  g_autofree char *c = berth_reference_to_familiar (digest);

  g_assert_cmpstr (a, ==, "nginx:latest");
  g_assert_false (berth_reference_has_tag (plain));
  g_assert_cmpstr (b, ==, "myname/app:1.0");
  g_assert_true (berth_reference_has_tag (tagged));
  g_assert_cmpstr (c, ==, "myname/app@" SHA256);
  g_assert_null (berth_reference_get_tag (digest));
  /* "library/" is only dropped for one-component names. */
  g_assert_cmpstr (berth_reference_get_familiar_name (nested), ==, "library/a/b");
}

typedef struct
{
  const char *text;
  const char *message;   /* a part of the message */
} Invalid;

static void
test_invalid (void)
{
  g_autofree char *long_tag = g_strnfill (129, 'a');
  g_autofree char *too_long_tag = g_strconcat ("app:", long_tag, NULL);
  g_autofree char *long_name = g_strnfill (256, 'a');
  const Invalid cases[] = {
    { "", "Enter an image, like “nginx”" },
    { "Nginx", "Repository names must be lowercase, like “nginx” or “myname/app:1.0”" },
    { "MyName/app", "must be lowercase" },
    { "localhost:5000/App", "must be lowercase" },
    { "app:", "The tag after “app:” is empty" },
    { too_long_tag, "longer than 128 characters" },
    { "app:.x", "must start with a letter, a digit or “_”" },
    { "app:1+2", "“+” cannot be used in the tag" },
    { "app@sha256:abc", "sha256 digests have 64 lowercase hexadecimal digits" },
    { "app@sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", "lowercase hexadecimal" },
    { "app@md5:0123456789abcdef0123456789abcdef", "is not a digest" },
    { "app@", "is not a digest" },
    { "-app", "must start with a lowercase letter or a digit" },
    { "a//b", "has an empty part between slashes" },
    { "a/", "has an empty part between slashes" },
    { "a..b", "“..” cannot be used there" },
    { "a___b", "“___” cannot be used there" },
    { "a-", "“-” cannot be used there" },
    { "my app", "no spaces" },
    { "app!", "“!” cannot be used in an image name" },
    { "café", "“é” cannot be used in an image reference" },
    { "localhost:abc/app", "The registry port in “localhost:abc” must be a number" },
    { "-bad.example.com/app", "is not a registry address" },
    { "exa_mple.com/app", "“_” cannot be used in the registry address" },
    { ":1.0", "The image name is missing" },
    { long_name, "longer than 255 characters" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (BerthReference) ref = berth_reference_parse (cases[i].text, &error);

      g_test_message ("%s", cases[i].text);
      g_assert_null (ref);
      g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("“%s”: message “%s” lacks “%s”", cases[i].text, error->message, cases[i].message);
      g_assert_false (berth_reference_validate (cases[i].text, NULL));
    }
}

int
main (int   argc,
      char *argv[])
{
  berth_test_init (&argc, &argv);

  g_test_add_func ("/reference/valid", test_valid);
  g_test_add_func ("/reference/familiar", test_familiar);
  g_test_add_func ("/reference/invalid", test_invalid);

  return g_test_run ();
}
