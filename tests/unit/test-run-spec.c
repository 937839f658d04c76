/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "berth-container.h"
#include "berth-engine-error.h"
#include "berth-run-spec.h"
#include "berth-test-util.h"

/* Set in main() so that `-e BERTH_RUN_SPEC_SET` has a value to take. */
#define SET_VARIABLE "BERTH_RUN_SPEC_SET"
#define UNSET_VARIABLE "BERTH_RUN_SPEC_UNSET"

static BerthRunSpec *
parse_ok (const char *line)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) warnings = NULL;
  BerthRunSpec *spec = berth_run_spec_parse_line (line, &warnings, &error);

  if (error != NULL)
    g_error ("“%s” did not parse: %s", line, error->message);
  g_assert_nonnull (spec);
  g_assert_nonnull (warnings);
  return spec;
}

/* Pasted lines ------------------------------------------------------------------ */

typedef struct
{
  const char *line;
  const char *canonical;   /* NULL: the line itself */
} LineCase;

static const LineCase line_cases[] = {
  /* The lines */
  { "docker run -d -p 8080:80 nginx", NULL },
  { "docker run -d -p 8501:8501 jiangmiemie/llmchat:0.0.2", NULL },
  { "docker run -it ubuntu bash", NULL },
  { "docker run -d --name my-nginx-server nginx", NULL },
  { "docker run -d -v /app/data:/data postgres", NULL },
  { "docker run --rm busybox echo \"Hello, Docker!\"", "docker run --rm busybox echo 'Hello, Docker!'" },
  { "docker run -d -e POSTGRES_PASSWORD=mysecretpassword postgres", NULL },

  /* Ports */
  { "docker run --publish 8080:80 nginx", "docker run -p 8080:80 nginx" },
  { "docker run --publish=8080:80 nginx", "docker run -p 8080:80 nginx" },
  { "docker run -p8080:80 nginx", "docker run -p 8080:80 nginx" },
  { "docker run -p=8080:80 nginx", "docker run -p 8080:80 nginx" },
  { "docker run -p 127.0.0.1:8080:80/udp nginx", NULL },
  { "docker run -p 8000-8005:8000-8005 nginx", NULL },
  { "docker run -p 7000-7005:80 nginx", NULL },
  { "docker run -p 80 nginx", NULL },
  { "docker run -p 127.0.0.1::80 nginx", NULL },
  { "docker run -p '[::1]:8080:80' nginx", NULL },
  { "docker run -p ::1:8080:80 nginx", "docker run -p '[::1]:8080:80' nginx" },
  { "docker run -p 53:53/UDP coredns/coredns", "docker run -p 53:53/udp coredns/coredns" },
  { "docker run -p 80:80/tcp nginx", "docker run -p 80:80 nginx" },
  { "docker run -P nginx", NULL },
  { "docker run --publish-all nginx", "docker run -P nginx" },

  /* Modes */
  { "docker run -dit ubuntu", "docker run -d -it ubuntu" },
  { "docker run -itd ubuntu", "docker run -d -it ubuntu" },
  { "docker run -i -t ubuntu", "docker run -it ubuntu" },
  { "docker run --interactive --tty --detach ubuntu", "docker run -d -it ubuntu" },
  { "docker run -i ubuntu", NULL },
  { "docker run -t ubuntu", NULL },
  { "docker run -dp 8080:80 nginx", "docker run -d -p 8080:80 nginx" },
  { "docker run -d=true nginx", "docker run -d nginx" },
  { "docker run --rm=true busybox", "docker run --rm busybox" },
  { "docker run --rm=false busybox", "docker run busybox" },
  { "docker run --privileged=false busybox", "docker run busybox" },
  { "docker run --privileged busybox", NULL },

  /* Environment */
  { "docker run -e K=V busybox", NULL },
  { "docker run --env=K=V busybox", "docker run -e K=V busybox" },
  { "docker run --env K=V busybox", "docker run -e K=V busybox" },
  { "docker run -e=K=V busybox", "docker run -e K=V busybox" },
  { "docker run -e EMPTY= busybox", NULL },
  { "docker run -e 'GREETING=hello world' busybox", NULL },
  { "docker run -e " SET_VARIABLE " busybox", NULL },
  { "docker run --env-file /etc/app.env busybox", NULL },

  /* Volumes and mounts */
  { "docker run -v /a:/b:ro busybox", NULL },
  { "docker run -v name:/data busybox", NULL },
  { "docker run -v /data busybox", NULL },
  { "docker run --volume /a:/b busybox", "docker run -v /a:/b busybox" },
  { "docker run --volume=/a:/b:rw busybox", "docker run -v /a:/b busybox" },
  { "docker run --mount type=bind,source=/a,target=/b,readonly busybox", NULL },
  { "docker run --mount type=bind,src=/a,dst=/b,readonly=true busybox",
    "docker run --mount type=bind,source=/a,target=/b,readonly busybox" },
  { "docker run --mount type=bind,src=/a,destination=/b,ro busybox",
    "docker run --mount type=bind,source=/a,target=/b,readonly busybox" },
  { "docker run --mount type=bind,src=/a,dst=/b,readonly=false busybox",
    "docker run --mount type=bind,source=/a,target=/b busybox" },
  { "docker run --mount=type=volume,source=data,target=/data busybox",
    "docker run --mount type=volume,source=data,target=/data busybox" },
  { "docker run --mount target=/cache busybox", "docker run --mount type=volume,target=/cache busybox" },
  { "docker run --mount type=tmpfs,dst=/run busybox", "docker run --mount type=tmpfs,target=/run busybox" },
  { "docker run --mount 'type=bind,\"source=/a,b\",target=/c' busybox", NULL },
  { "docker run --tmpfs /run busybox", NULL },
  { "docker run --tmpfs /run:ro busybox", NULL },

  /* Everything else */
  { "docker run --name web busybox", NULL },
  { "docker run --name=web busybox", "docker run --name web busybox" },
  { "docker run --restart=on-failure:3 busybox", "docker run --restart on-failure:3 busybox" },
  { "docker run --restart always nginx", NULL },
  { "docker run --restart unless-stopped nginx", NULL },
  { "docker run --restart on-failure nginx", NULL },
  { "docker run --restart=no nginx", "docker run nginx" },
  { "docker run --entrypoint sh busybox -c 'echo hi'", NULL },
  { "docker run --entrypoint '' busybox", NULL },
  { "docker run --entrypoint= busybox", "docker run --entrypoint '' busybox" },
  { "docker run -w /app busybox", NULL },
  { "docker run --workdir=/app busybox", "docker run -w /app busybox" },
  { "docker run -u 1000:1000 busybox", NULL },
  { "docker run --user nobody busybox", "docker run -u nobody busybox" },
  { "docker run -l a=b --label c busybox", "docker run -l a=b -l c busybox" },
  { "docker run --label=project=web busybox", "docker run -l project=web busybox" },
  { "docker run -m 512m busybox", NULL },
  { "docker run --memory=1g busybox", "docker run -m 1g busybox" },
  { "docker run --cpus 1.5 busybox", NULL },
  { "docker run --cpus=.5 busybox", "docker run --cpus .5 busybox" },
  { "docker run --network my-net busybox", NULL },
  { "docker run --net=host busybox", "docker run --network host busybox" },
  { "docker run -h web busybox", NULL },
  { "docker run --hostname=web busybox", "docker run -h web busybox" },

  /* How the line starts and ends */
  { "docker container run -d nginx", "docker run -d nginx" },
  { "sudo docker run -d nginx", "docker run -d nginx" },
  { "$ docker run -d nginx", "docker run -d nginx" },
  { "/usr/bin/docker run nginx", "docker run nginx" },
  { "podman run -d nginx", "docker run -d nginx" },
  { "-d -p 8080:80 nginx", "docker run -d -p 8080:80 nginx" },
  { "docker run -d \\\n  -p 8080:80 \\\n  nginx", "docker run -d -p 8080:80 nginx" },
  { "docker run -- busybox ls -l", "docker run busybox ls -l" },
  { "docker run -d -- busybox", "docker run -d busybox" },
  { "docker run busybox ls -l --color", NULL },
  { "docker run nginx -g 'daemon off;'", NULL },
  { "docker run busybox sh -c 'echo \"$HOME\"'", NULL },
  { "docker run -q nginx", "docker run nginx" },

  /* Everything at once, in the canonical order */
  { "docker run -d -it --rm --name web -p 8080:80 -P -v /a:/b:ro "
    "--mount type=volume,source=data,target=/data --tmpfs /tmp -e A=1 --env-file /etc/app.env "
    "-w /app -u 1000 --entrypoint sh --network my-net -h web -l a=b -m 512m --cpus 1.5 "
    "--privileged busybox -c 'echo hi'", NULL },
  { "docker run -d --restart on-failure:5 --name db -e POSTGRES_PASSWORD=secret "
    "-v pgdata:/var/lib/postgresql/data -p 127.0.0.1:5432:5432 postgres:16",
    "docker run -d --name db -p 127.0.0.1:5432:5432 -v pgdata:/var/lib/postgresql/data "
    "-e POSTGRES_PASSWORD=secret --restart on-failure:5 postgres:16" },
};

static void
test_lines (void)
{
  g_assert_cmpuint (G_N_ELEMENTS (line_cases), >=, 47);

  for (guint i = 0; i < G_N_ELEMENTS (line_cases); i++)
    {
      const LineCase *c = &line_cases[i];
      const char *expected = c->canonical ? c->canonical : c->line;
      g_autoptr (BerthRunSpec) spec = parse_ok (c->line);
      g_autoptr (BerthRunSpec) again = NULL;
      g_autofree char *command = berth_run_spec_to_command (spec);
      g_autofree char *command_again = NULL;

      g_test_message ("%s", c->line);
      g_assert_cmpstr (command, ==, expected);

      /* Round trip: the rendered line reads back as the same spec, and
       * renders as the same text. */
      again = parse_ok (command);
      g_assert_true (berth_run_spec_equal (spec, again));
      command_again = berth_run_spec_to_command (again);
      g_assert_cmpstr (command_again, ==, command);
      g_assert_true (berth_run_spec_validate (spec, NULL, NULL, NULL));
    }
}

static void
test_fields (void)
{
  g_autoptr (BerthRunSpec) spec = parse_ok ("docker run -dit --rm --name web -p 127.0.0.1:8000-8001:9000-9001/udp "
                                            "-v /a:/b:ro --mount type=tmpfs,target=/t -e A=1 -w /w -u me "
                                            "--entrypoint sh -h host -l x=y -m 64m --cpus 2 --network n "
                                            "busybox:1.36 echo hi");
  const BerthRunPort *port;
  const BerthRunMount *mount;
  const BerthRunEnv *env;

  g_assert_cmpstr (berth_run_spec_get_image (spec), ==, "busybox:1.36");
  g_assert_cmpstr (berth_run_spec_get_name (spec), ==, "web");
  g_assert_true (berth_run_spec_get_detach (spec));
  g_assert_true (berth_run_spec_get_interactive (spec));
  g_assert_true (berth_run_spec_get_tty (spec));
  g_assert_true (berth_run_spec_get_auto_remove (spec));
  g_assert_false (berth_run_spec_get_privileged (spec));
  g_assert_false (berth_run_spec_get_publish_all (spec));

  g_assert_cmpuint (berth_run_spec_get_n_ports (spec), ==, 1);
  port = berth_run_spec_get_port (spec, 0);
  g_assert_cmpstr (port->host_ip, ==, "127.0.0.1");
  g_assert_cmpstr (port->host_port, ==, "8000-8001");
  g_assert_cmpstr (port->container_port, ==, "9000-9001");
  g_assert_cmpint (port->protocol, ==, BERTH_RUN_PROTOCOL_UDP);

  g_assert_cmpuint (berth_run_spec_get_n_mounts (spec), ==, 2);
  mount = berth_run_spec_get_mount (spec, 0);
  g_assert_cmpint (mount->kind, ==, BERTH_RUN_MOUNT_BIND);
  g_assert_cmpint (mount->syntax, ==, BERTH_RUN_MOUNT_SYNTAX_VOLUME);
  g_assert_cmpstr (mount->source, ==, "/a");
  g_assert_cmpstr (mount->target, ==, "/b");
  g_assert_true (mount->read_only);
  mount = berth_run_spec_get_mount (spec, 1);
  g_assert_cmpint (mount->kind, ==, BERTH_RUN_MOUNT_TMPFS);
  g_assert_cmpint (mount->syntax, ==, BERTH_RUN_MOUNT_SYNTAX_MOUNT);

  g_assert_cmpuint (berth_run_spec_get_n_env (spec), ==, 1);
  env = berth_run_spec_get_env (spec, 0);
  g_assert_cmpstr (env->key, ==, "A");
  g_assert_cmpstr (env->value, ==, "1");
  g_assert_false (env->from_environment);

  g_assert_cmpstr (berth_run_spec_get_workdir (spec), ==, "/w");
  g_assert_cmpstr (berth_run_spec_get_user (spec), ==, "me");
  g_assert_cmpstr (berth_run_spec_get_entrypoint (spec), ==, "sh");
  g_assert_cmpstr (berth_run_spec_get_hostname (spec), ==, "host");
  g_assert_cmpstr (berth_run_spec_get_memory (spec), ==, "64m");
  g_assert_cmpstr (berth_run_spec_get_cpus (spec), ==, "2");
  g_assert_cmpstr (berth_run_spec_get_network (spec), ==, "n");
  g_assert_cmpstrv (berth_run_spec_get_labels (spec), ((const char *[]) { "x=y", NULL }));
  g_assert_cmpstrv (berth_run_spec_get_command (spec), ((const char *[]) { "echo", "hi", NULL }));
  g_assert_cmpint (berth_run_spec_get_restart (spec), ==, BERTH_RUN_RESTART_NO);
}

static void
test_restart_values (void)
{
  g_autoptr (BerthRunSpec) spec = parse_ok ("docker run --restart=on-failure:3 busybox");

  g_assert_cmpint (berth_run_spec_get_restart (spec), ==, BERTH_RUN_RESTART_ON_FAILURE);
  g_assert_cmpuint (berth_run_spec_get_restart_max_retries (spec), ==, 3);
}

/* Warnings ---------------------------------------------------------------------- */

static void
test_warnings (void)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) warnings = NULL;
  g_autoptr (BerthRunSpec) spec = NULL;
  const BerthRunEnv *env;

  spec = berth_run_spec_parse_line ("docker run -e " SET_VARIABLE " -e " UNSET_VARIABLE " -q busybox",
                                    &warnings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (warnings), ==, 3);
  g_assert_cmpstr (warnings[0], ==, SET_VARIABLE " was taken from Berth's environment");
  g_assert_cmpstr (warnings[1], ==, "-e " UNSET_VARIABLE ": " UNSET_VARIABLE
                                    " is not set in Berth's environment, so the container will not get it");
  g_assert_nonnull (strstr (warnings[2], "Berth ignores -q"));

  env = berth_run_spec_get_env (spec, 0);
  g_assert_true (env->from_environment);
  g_assert_cmpstr (env->value, ==, "from-berth");
  env = berth_run_spec_get_env (spec, 1);
  g_assert_true (env->from_environment);
  g_assert_null (env->value);

  g_clear_pointer (&warnings, g_strfreev);
  g_clear_object (&spec);
  spec = berth_run_spec_parse_line ("docker run -d nginx", &warnings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (warnings), ==, 0);
}

/* The request body -------------------------------------------------------------- */

#define DETACHED "\"AttachStdin\":false,\"AttachStdout\":false,\"AttachStderr\":false,\"Tty\":false,\"OpenStdin\":false,\"StdinOnce\":false"
#define ATTACHED "\"AttachStdin\":false,\"AttachStdout\":true,\"AttachStderr\":true,\"Tty\":false,\"OpenStdin\":false,\"StdinOnce\":false"
#define NO_RESTART "\"RestartPolicy\":{\"Name\":\"no\",\"MaximumRetryCount\":0}"

typedef struct
{
  const char *line;
  const char *body;
  const char *path;
} BodyCase;

static const BodyCase body_cases[] = {
  { "docker run -d -p 8080:80 nginx",
    "{\"Image\":\"nginx\"," DETACHED ",\"Labels\":{},\"ExposedPorts\":{\"80/tcp\":{}},"
    "\"HostConfig\":{\"PortBindings\":{\"80/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"8080\"}]},"
    "\"PublishAllPorts\":false," NO_RESTART ",\"AutoRemove\":false,\"Privileged\":false}}",
    "/containers/create" },
  { "docker run -d -p 8501:8501 jiangmiemie/llmchat:0.0.2",
    "{\"Image\":\"jiangmiemie/llmchat:0.0.2\"," DETACHED ",\"Labels\":{},\"ExposedPorts\":{\"8501/tcp\":{}},"
    "\"HostConfig\":{\"PortBindings\":{\"8501/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"8501\"}]},"
    "\"PublishAllPorts\":false," NO_RESTART ",\"AutoRemove\":false,\"Privileged\":false}}",
    "/containers/create" },
  { "docker run -it ubuntu bash",
    "{\"Image\":\"ubuntu\",\"AttachStdin\":true,\"AttachStdout\":true,\"AttachStderr\":true,\"Tty\":true,"
    "\"OpenStdin\":true,\"StdinOnce\":true,\"Cmd\":[\"bash\"],\"Labels\":{},"
    "\"HostConfig\":{\"PortBindings\":{},\"PublishAllPorts\":false," NO_RESTART ",\"AutoRemove\":false,"
    "\"Privileged\":false}}",
    "/containers/create" },
  { "docker run -d --name my-nginx-server nginx",
    "{\"Image\":\"nginx\"," DETACHED ",\"Labels\":{},"
    "\"HostConfig\":{\"PortBindings\":{},\"PublishAllPorts\":false," NO_RESTART ",\"AutoRemove\":false,"
    "\"Privileged\":false}}",
    "/containers/create?name=my-nginx-server" },
  { "docker run -d -v /app/data:/data postgres",
    "{\"Image\":\"postgres\"," DETACHED ",\"Labels\":{},"
    "\"HostConfig\":{\"PortBindings\":{},\"PublishAllPorts\":false,\"Binds\":[\"/app/data:/data\"]," NO_RESTART ","
    "\"AutoRemove\":false,\"Privileged\":false}}",
    "/containers/create" },
  { "docker run --rm busybox echo \"Hello, Docker!\"",
    "{\"Image\":\"busybox\"," ATTACHED ",\"Cmd\":[\"echo\",\"Hello, Docker!\"],\"Labels\":{},"
    "\"HostConfig\":{\"PortBindings\":{},\"PublishAllPorts\":false," NO_RESTART ",\"AutoRemove\":true,"
    "\"Privileged\":false}}",
    "/containers/create" },
  { "docker run -d -e POSTGRES_PASSWORD=mysecretpassword postgres",
    "{\"Image\":\"postgres\"," DETACHED ",\"Env\":[\"POSTGRES_PASSWORD=mysecretpassword\"],\"Labels\":{},"
    "\"HostConfig\":{\"PortBindings\":{},\"PublishAllPorts\":false," NO_RESTART ",\"AutoRemove\":false,"
    "\"Privileged\":false}}",
    "/containers/create" },
  /* Ports as the docker CLI expands them */
  { "docker run -p 127.0.0.1:9000-9001:9000-9001/udp -p 8080:80 -p 7000-7005:80 -p 53 -p 127.0.0.1::81 "
    "-p '[::1]:6000:6000' -P busybox",
    "{\"Image\":\"busybox\"," ATTACHED ",\"Labels\":{},"
    "\"ExposedPorts\":{\"9000/udp\":{},\"9001/udp\":{},\"80/tcp\":{},\"53/tcp\":{},\"81/tcp\":{},\"6000/tcp\":{}},"
    "\"HostConfig\":{\"PortBindings\":{"
    "\"9000/udp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"9000\"}],"
    "\"9001/udp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"9001\"}],"
    "\"80/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"8080\"},{\"HostIp\":\"\",\"HostPort\":\"7000-7005\"}],"
    "\"53/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"\"}],"
    "\"81/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"\"}],"
    "\"6000/tcp\":[{\"HostIp\":\"::1\",\"HostPort\":\"6000\"}]},"
    "\"PublishAllPorts\":true," NO_RESTART ",\"AutoRemove\":false,\"Privileged\":false}}",
    "/containers/create" },
  /* -v goes to Binds (Volumes when anonymous), --mount to Mounts, --tmpfs to Tmpfs */
  { "docker run -v /a:/b:ro -v data:/data -v /anon --mount type=bind,src=/c,dst=/d,readonly "
    "--mount type=volume,target=/v2 --mount type=volume,source=named,target=/v3 "
    "--mount type=tmpfs,destination=/t --tmpfs /run --tmpfs /ro:ro busybox",
    "{\"Image\":\"busybox\"," ATTACHED ",\"Labels\":{},\"Volumes\":{\"/anon\":{}},"
    "\"HostConfig\":{\"PortBindings\":{},\"PublishAllPorts\":false,"
    "\"Binds\":[\"/a:/b:ro\",\"data:/data\"],"
    "\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/c\",\"Target\":\"/d\",\"ReadOnly\":true},"
    "{\"Type\":\"volume\",\"Target\":\"/v2\"},{\"Type\":\"volume\",\"Source\":\"named\",\"Target\":\"/v3\"},"
    "{\"Type\":\"tmpfs\",\"Target\":\"/t\"}],"
    "\"Tmpfs\":{\"/run\":\"\",\"/ro\":\"ro\"}," NO_RESTART ",\"AutoRemove\":false,\"Privileged\":false}}",
    "/containers/create" },
  /* Every other field */
  { "docker run -d -e A=1 -e EMPTY= -e 'B=two words' -w /w -u 1000:1000 --entrypoint sh "
    "--restart on-failure:3 --network my-net -h myhost -l a=b -l c -m 64m --cpus 1.5 --privileged "
    "--name web busybox -c 'echo hi'",
    "{\"Image\":\"busybox\",\"Hostname\":\"myhost\",\"User\":\"1000:1000\"," DETACHED ","
    "\"Env\":[\"A=1\",\"EMPTY=\",\"B=two words\"],\"Cmd\":[\"-c\",\"echo hi\"],\"Entrypoint\":[\"sh\"],"
    "\"WorkingDir\":\"/w\",\"Labels\":{\"a\":\"b\",\"c\":\"\"},"
    "\"HostConfig\":{\"PortBindings\":{},\"PublishAllPorts\":false,"
    "\"RestartPolicy\":{\"Name\":\"on-failure\",\"MaximumRetryCount\":3},\"AutoRemove\":false,"
    "\"Privileged\":true,\"NetworkMode\":\"my-net\",\"Memory\":67108864,\"NanoCpus\":1500000000},"
    "\"NetworkingConfig\":{\"EndpointsConfig\":{\"my-net\":{}}}}",
    "/containers/create?name=web" },
  { "docker run -dit --entrypoint '' --restart always --network host --name 'a.b_c-d' busybox",
    "{\"Image\":\"busybox\",\"AttachStdin\":false,\"AttachStdout\":false,\"AttachStderr\":false,"
    "\"Tty\":true,\"OpenStdin\":true,\"StdinOnce\":false,\"Entrypoint\":[\"\"],\"Labels\":{},"
    "\"HostConfig\":{\"PortBindings\":{},\"PublishAllPorts\":false,"
    "\"RestartPolicy\":{\"Name\":\"always\",\"MaximumRetryCount\":0},\"AutoRemove\":false,"
    "\"Privileged\":false,\"NetworkMode\":\"host\"}}",
    "/containers/create?name=a.b_c-d" },
  { "docker run -i --restart unless-stopped -m 1.5g -e " SET_VARIABLE " -e " UNSET_VARIABLE " busybox",
    "{\"Image\":\"busybox\",\"AttachStdin\":true,\"AttachStdout\":true,\"AttachStderr\":true,\"Tty\":false,"
    "\"OpenStdin\":true,\"StdinOnce\":true,\"Env\":[\"" SET_VARIABLE "=from-berth\"],\"Labels\":{},"
    "\"HostConfig\":{\"PortBindings\":{},\"PublishAllPorts\":false,"
    "\"RestartPolicy\":{\"Name\":\"unless-stopped\",\"MaximumRetryCount\":0},\"AutoRemove\":false,"
    "\"Privileged\":false,\"Memory\":1610612736}}",
    "/containers/create" },
};

static void
assert_json_equal (JsonNode   *got,
                   const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) want = json_from_string (expected, &error);
  g_autofree char *text = json_to_string (got, FALSE);

  g_assert_no_error (error);
  if (!json_node_equal (want, got))
    g_error ("body\n  %s\nexpected\n  %s", text, expected);
}

static void
test_bodies (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (body_cases); i++)
    {
      const BodyCase *c = &body_cases[i];
      g_autoptr (BerthRunSpec) spec = parse_ok (c->line);
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) body = NULL;
      g_autoptr (JsonNode) newest = NULL;
      g_autofree char *path = berth_run_spec_to_create_path (spec);

      g_test_message ("%s", c->line);
      body = berth_run_spec_to_create_body (spec, "1.41", &error);
      g_assert_no_error (error);
      assert_json_equal (body, c->body);
      g_assert_cmpstr (path, ==, c->path);

      /* Nothing in it depends on the API version (yet). */
      newest = berth_run_spec_to_create_body (spec, BERTH_API_VERSION_NEWEST, &error);
      g_assert_no_error (error);
      g_assert_true (json_node_equal (body, newest));
    }
}

static void
test_body_name_escaped (void)
{
  g_autoptr (BerthRunSpec) spec = berth_run_spec_new ();
  g_autofree char *path = NULL;

  berth_run_spec_set_name (spec, "web.1");
  path = berth_run_spec_to_create_path (spec);
  g_assert_cmpstr (path, ==, "/containers/create?name=web.1");

  /* Invalid names never get this far, but the path is escaped anyway. */
  berth_run_spec_set_name (spec, "a&b");
  g_clear_pointer (&path, g_free);
  path = berth_run_spec_to_create_path (spec);
  g_assert_cmpstr (path, ==, "/containers/create?name=a%26b");
}

static void
test_body_invalid (void)
{
  g_autoptr (BerthRunSpec) spec = parse_ok ("docker run -p 70000:80 nginx");
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) body = berth_run_spec_to_create_body (spec, "1.41", &error);

  g_assert_null (body);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "70000"));
}

/* Malformed lines --------------------------------------------------------------- */

typedef struct
{
  const char *line;
  const char *message;   /* a part of the error message */
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "", "Paste a docker run command, like docker run -d -p 8080:80 nginx" },
  { "docker run -d -p 8080:80", "The command names no image: add one after the options, like docker run -d nginx" },
  { "docker run --name", "--name needs a value after it, like --name web" },
  { "docker run -p", "-p needs a value after it, like -p 8080:80" },
  { "docker run -p 8080:80 -e", "-e needs a value after it, like -e MODE=production" },
  { "docker run -dp", "-p needs a value after it" },
  { "docker ps", "“docker ps” does not run a container: paste a docker run command" },
  { "docker ps -a", "“docker ps” does not run a container" },
  { "docker create nginx", "“docker create” does not run a container" },
  { "docker container ls", "“docker container ls” does not run a container" },
  { "docker", "The command stops before “run”" },
  { "sudo -E", "Paste the docker command itself" },
  { "docker -H tcp://host:2375 run nginx", "-H is an option of docker itself, not of docker run" },
  { "docker run --cap-add NET_ADMIN nginx",
    "Berth does not support --cap-add yet; remove it or run the command in a terminal" },
  { "docker run --cap-add=NET_ADMIN nginx", "Berth does not support --cap-add yet" },
  { "docker run --cap-add NET_ADMIN", "Berth does not support --cap-add yet" },
  { "docker run --cap-add", "Berth does not support --cap-add yet" },
  { "docker run --device /dev/sda:/dev/xvdc nginx", "Berth does not support --device yet" },
  { "docker run --gpus all nginx", "Berth does not support --gpus yet" },
  { "docker run --ulimit nofile=1024:1024 nginx", "Berth does not support --ulimit yet" },
  { "docker run --add-host=db:10.0.0.2 nginx", "Berth does not support --add-host yet" },
  { "docker run --init nginx", "Berth does not support --init yet" },
  { "docker run -d --shm-size 1g --pull always --platform linux/amd64 --log-driver none nginx",
    "Berth does not support these options yet: --shm-size, --pull, --platform, --log-driver; remove them" },
  { "docker run -a stdout nginx", "Berth does not support -a (--attach) yet" },
  { "docker run -dc 512 nginx", "Berth does not support -c (--cpu-shares) yet" },
  { "docker run --frobnicate nginx", "--frobnicate is not an option of docker run: check its spelling" },
  { "docker run --frobnicate=1 nginx", "--frobnicate is not an option of docker run" },
  { "docker run -x nginx", "-x is not an option of docker run" },
  { "docker run -dx nginx", "-x is not an option of docker run" },
  { "docker run --help", "--help shows docker's help instead of running a container" },
  { "docker run --rm=maybe nginx", "“--rm=maybe”: write true or false after “=”, like --rm=true" },
  { "docker run -p 80:80/xyz nginx", "“xyz” in “-p 80:80/xyz” is not a protocol: write tcp or udp" },
  { "docker run -p 80/ nginx", "is not a protocol" },
  { "docker run --restart sometimes nginx", "“sometimes” is not a restart policy" },
  { "docker run --restart always:3 nginx", "Only on-failure takes a number of tries" },
  { "docker run --restart on-failure:x nginx", "“x” is not a number of tries" },
  { "docker run -v /data:ro nginx", "“-v /data:ro” is not a volume" },
  { "docker run -v :/data nginx", "“-v :/data” is not a volume" },
  { "docker run -v /a:/b:ro:x nginx", "is not a volume" },
  { "docker run -v /a:/b:z nginx", "Berth does not support the volume option “z” (in -v /a:/b:z) yet" },
  { "docker run -v /a:/b:bogus nginx", "“bogus” is not a volume option" },
  { "docker run --mount type=bind,source=/a,target=/b,bind-propagation=shared nginx",
    "Berth does not support the --mount option “bind-propagation” yet" },
  { "docker run --mount type=npipe,source=x,target=/y nginx", "Berth does not support “--mount type=npipe” yet" },
  { "docker run --mount type=disk,target=/y nginx", "“disk” is not a mount type" },
  { "docker run --mount type=bind,foo=bar nginx", "“foo” is not a --mount option" },
  { "docker run --mount type=bind,source nginx", "“source” in “--mount type=bind,source” needs a value" },
  { "docker run --mount type=bind,readonly=perhaps,target=/x nginx", "“readonly=perhaps”: write true or false" },
  { "docker run --mount 'type=bind,\"source=/a' nginx", "A double quote in “--mount type=bind,\"source=/a” is not closed" },
  { "docker run --mount 'type=bind,sou\"rce=/a' nginx", "has a double quote inside a value" },
  { "docker run --tmpfs /run:size=64m nginx", "Berth does not support the tmpfs option “size=64m”" },
  { "docker run -e 'A B' -d 'unbalanced", "A single quote (') is not closed" },
  { "docker run -d busybox echo \"unclosed", "A double quote (\") is not closed" },
  { "docker run -d busybox echo $(ls)", "runs a command in a shell" },
  { "docker run -d nginx | grep x", "is shell syntax" },
};

static void
test_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      const ErrorCase *c = &error_cases[i];
      g_autoptr (GError) error = NULL;
      g_auto (GStrv) warnings = NULL;
      g_autoptr (BerthRunSpec) spec = berth_run_spec_parse_line (c->line, &warnings, &error);

      g_test_message ("%s", c->line);
      g_assert_null (spec);
      g_assert_null (warnings);
      g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
      if (strstr (error->message, c->message) == NULL)
        g_error ("“%s”: message “%s” lacks “%s”", c->line, error->message, c->message);
    }
}

static void
test_parse_argv (void)
{
  const char *argv[] = { "docker", "run", "--name", "my app", "busybox", "echo", "a b", NULL };
  const char *empty[] = { NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthRunSpec) spec = berth_run_spec_parse_argv (argv, NULL, &error);
  g_autoptr (BerthRunSpec) none = NULL;
  g_autofree char *command = NULL;

  g_assert_no_error (error);
  command = berth_run_spec_to_command (spec);
  g_assert_cmpstr (command, ==, "docker run --name 'my app' busybox echo 'a b'");

  none = berth_run_spec_parse_argv (empty, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
}

/* Validation -------------------------------------------------------------------- */

typedef struct
{
  const char        *line;
  BerthRunSpecField  field;
  guint              row;
  const char        *message;
} ProblemCase;

static const ProblemCase problem_cases[] = {
  { "docker run Nginx", BERTH_RUN_SPEC_FIELD_IMAGE, 0, "Repository names must be lowercase" },
  { "docker run app: ", BERTH_RUN_SPEC_FIELD_IMAGE, 0, "The tag after “app:” is empty" },
  { "docker run --name -bad nginx", BERTH_RUN_SPEC_FIELD_NAME, 0, "must start with a letter or a digit" },
  { "docker run --name a nginx", BERTH_RUN_SPEC_FIELD_NAME, 0, "at least 2 characters" },
  { "docker run --name 'my app' nginx", BERTH_RUN_SPEC_FIELD_NAME, 0, "“ ” cannot be used in a container name" },
  { "docker run -p 70000:80 nginx", BERTH_RUN_SPEC_FIELD_PORTS, 0, "Port 70000 is not between 1 and 65535" },
  { "docker run -p 80:0 nginx", BERTH_RUN_SPEC_FIELD_PORTS, 0, "Port 0 is not between 1 and 65535" },
  { "docker run -p 8080: nginx", BERTH_RUN_SPEC_FIELD_PORTS, 0, "Enter the port inside the container, like 80" },
  { "docker run -p 80:80 -p 8000-8003:8000-8005 nginx", BERTH_RUN_SPEC_FIELD_PORTS, 1, "ranges of different lengths" },
  { "docker run -p 80:80 -p 8005-8000:80 nginx", BERTH_RUN_SPEC_FIELD_PORTS, 1, "ends before it starts" },
  { "docker run -p http:80 nginx", BERTH_RUN_SPEC_FIELD_PORTS, 0, "“http” is not a port" },
  { "docker run -p 1.2.3:80:80 nginx", BERTH_RUN_SPEC_FIELD_PORTS, 0, "“1.2.3” is not an IP address" },
  { "docker run -v ./data:/data nginx", BERTH_RUN_SPEC_FIELD_MOUNTS, 0,
    "The folder “./data” must be a full path starting with “/”, like " },
  { "docker run -v /ok:/ok -v ~/data:/data nginx", BERTH_RUN_SPEC_FIELD_MOUNTS, 1, "“~” is expanded by a shell" },
  { "docker run -v /a:data nginx", BERTH_RUN_SPEC_FIELD_MOUNTS, 0, "The path inside the container “data” must start with “/”" },
  { "docker run -v /a:/ nginx", BERTH_RUN_SPEC_FIELD_MOUNTS, 0, "cannot replace the whole container" },
  { "docker run -v x:/data nginx", BERTH_RUN_SPEC_FIELD_MOUNTS, 0, "A volume name needs at least 2 characters" },
  { "docker run --mount type=bind,target=/x nginx", BERTH_RUN_SPEC_FIELD_MOUNTS, 0, "Choose the folder on this computer" },
  { "docker run --mount type=bind,source=/x nginx", BERTH_RUN_SPEC_FIELD_MOUNTS, 0, "Enter the path inside the container" },
  { "docker run --mount type=tmpfs,source=x,target=/t nginx", BERTH_RUN_SPEC_FIELD_MOUNTS, 0, "has no source" },
  { "docker run -e 'A B=1' nginx", BERTH_RUN_SPEC_FIELD_ENV, 0, "The variable name “A B” contains a space" },
  { "docker run -e A=1 -e =x nginx", BERTH_RUN_SPEC_FIELD_ENV, 1, "The variable needs a name" },
  { "docker run --env-file .env nginx", BERTH_RUN_SPEC_FIELD_ENV_FILES, 0, "The env file “.env” must be a full path" },
  { "docker run -w app nginx", BERTH_RUN_SPEC_FIELD_WORKDIR, 0, "The working directory “app” must be a full path" },
  { "docker run -u 'a b' nginx", BERTH_RUN_SPEC_FIELD_USER, 0, "“a b” is not a user" },
  { "docker run -u 1000: nginx", BERTH_RUN_SPEC_FIELD_USER, 0, "is not a user" },
  { "docker run --rm --restart always nginx", BERTH_RUN_SPEC_FIELD_RESTART, 0, "(--rm) cannot also be restarted" },
  { "docker run --network 'my net' nginx", BERTH_RUN_SPEC_FIELD_NETWORK, 0, "is not a network name" },
  { "docker run -h web_1 nginx", BERTH_RUN_SPEC_FIELD_HOSTNAME, 0, "“web_1” is not a host name" },
  { "docker run -l a=b -l =x nginx", BERTH_RUN_SPEC_FIELD_LABELS, 1, "A label needs a key" },
  { "docker run -m 4m nginx", BERTH_RUN_SPEC_FIELD_MEMORY, 0, "The memory limit 4m is below 6 MB" },
  { "docker run -m lots nginx", BERTH_RUN_SPEC_FIELD_MEMORY, 0, "“lots” is not a memory size" },
  { "docker run --cpus 0 nginx", BERTH_RUN_SPEC_FIELD_CPUS, 0, "The number of CPUs must be more than 0" },
  { "docker run --cpus -1 nginx", BERTH_RUN_SPEC_FIELD_CPUS, 0, "“-1” is not a number of CPUs" },
  { "docker run --cpus 1.0000000001 nginx", BERTH_RUN_SPEC_FIELD_CPUS, 0, "is too precise" },
};

static void
test_validation (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (problem_cases); i++)
    {
      const ProblemCase *c = &problem_cases[i];
      g_autoptr (BerthRunSpec) spec = parse_ok (c->line);
      g_autoptr (GError) error = NULL;
      BerthRunSpecField field = BERTH_RUN_SPEC_FIELD_NONE;
      guint row = 99;

      g_test_message ("%s", c->line);
      g_assert_false (berth_run_spec_validate (spec, &field, &row, &error));
      g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
      if (strstr (error->message, c->message) == NULL)
        g_error ("“%s”: message “%s” lacks “%s”", c->line, error->message, c->message);
      g_assert_cmpint (field, ==, c->field);
      g_assert_cmpuint (row, ==, c->row);
    }
}

static void
test_problems (void)
{
  g_autoptr (BerthRunSpec) spec = parse_ok ("docker run -p 80:80 -p 0:80 -v ./rel:/x -e 'A B=1' -m 1k Nginx");
  g_autoptr (GPtrArray) problems = berth_run_spec_get_problems (spec);
  const BerthRunSpecField fields[] = {
    BERTH_RUN_SPEC_FIELD_IMAGE, BERTH_RUN_SPEC_FIELD_PORTS, BERTH_RUN_SPEC_FIELD_MOUNTS,
    BERTH_RUN_SPEC_FIELD_ENV, BERTH_RUN_SPEC_FIELD_MEMORY,
  };
  g_autoptr (BerthRunProblem) copy = NULL;
  BerthRunSpecField field;
  guint row;

  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (fields));
  for (guint i = 0; i < problems->len; i++)
    {
      const BerthRunProblem *problem = g_ptr_array_index (problems, i);

      g_assert_cmpint (problem->field, ==, fields[i]);
      g_assert_error (problem->error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
    }
  g_assert_cmpuint (((BerthRunProblem *) g_ptr_array_index (problems, 1))->row, ==, 1);

  copy = berth_run_problem_copy (g_ptr_array_index (problems, 0));
  g_assert_cmpint (copy->field, ==, BERTH_RUN_SPEC_FIELD_IMAGE);

  g_clear_object (&spec);
  spec = parse_ok ("docker run -d -p 8080:80 nginx");
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = berth_run_spec_get_problems (spec);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_true (berth_run_spec_validate (spec, &field, &row, NULL));
  g_assert_cmpint (field, ==, BERTH_RUN_SPEC_FIELD_NONE);
}

static void
test_empty_spec (void)
{
  g_autoptr (BerthRunSpec) spec = berth_run_spec_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *command = berth_run_spec_to_command (spec);
  BerthRunSpecField field;

  g_assert_cmpstr (command, ==, "docker run");
  g_assert_false (berth_run_spec_validate (spec, &field, NULL, &error));
  g_assert_cmpint (field, ==, BERTH_RUN_SPEC_FIELD_IMAGE);
  g_assert_nonnull (strstr (error->message, "Choose the image to run"));
}

static void
test_row_validators (void)
{
  g_autoptr (BerthRunEnv) key_with_equals = berth_run_env_new ("A=B", "1");
  g_autoptr (BerthRunEnv) ok = berth_run_env_new ("A", "x=y");
  g_autoptr (BerthRunPort) port = berth_run_port_new (NULL, "8000-8005", "80", BERTH_RUN_PROTOCOL_TCP);
  g_autoptr (BerthRunMount) anonymous_ro = berth_run_mount_new (BERTH_RUN_MOUNT_VOLUME, NULL, "/data", TRUE);
  g_autoptr (BerthRunMount) colon = berth_run_mount_new (BERTH_RUN_MOUNT_BIND, "/a:b", "/data", FALSE);
  g_autoptr (GError) error = NULL;

  g_assert_false (berth_run_env_validate (key_with_equals, &error));
  g_assert_nonnull (strstr (error->message, "The variable name “A=B” contains “=”"));
  g_clear_error (&error);
  g_assert_true (berth_run_env_validate (ok, &error));
  g_assert_no_error (error);

  /* A host range for one container port: the engine picks one from it. */
  g_assert_true (berth_run_port_validate (port, &error));
  g_assert_no_error (error);

  g_assert_false (berth_run_mount_validate (anonymous_ro, &error));
  g_assert_nonnull (strstr (error->message, "cannot be read-only"));
  g_clear_error (&error);
  anonymous_ro->syntax = BERTH_RUN_MOUNT_SYNTAX_MOUNT;
  g_assert_true (berth_run_mount_validate (anonymous_ro, NULL));

  g_assert_false (berth_run_mount_validate (colon, &error));
  g_assert_nonnull (strstr (error->message, "can only be mounted with --mount"));
  g_clear_error (&error);
  colon->syntax = BERTH_RUN_MOUNT_SYNTAX_MOUNT;
  g_assert_true (berth_run_mount_validate (colon, NULL));

  g_assert_true (berth_validate_container_name ("my-nginx-server", NULL));
  g_assert_false (berth_validate_container_name ("", NULL));
}

/* Values ------------------------------------------------------------------------ */

static void
test_memory_sizes (void)
{
  static const struct { const char *text; gint64 bytes; } good[] = {
    { "512m", 536870912 }, { "1g", 1073741824 }, { "1.5g", 1610612736 }, { "100", 100 },
    { "64 MiB", 67108864 }, { "2kb", 2048 }, { "1GB", 1073741824 }, { "10b", 10 }, { "1t", G_GINT64_CONSTANT (1099511627776) },
  };
  static const char * const bad[] = { "", "m", "1x", "-1", "1.", "1 2", "1gg", "1ib", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 bytes = 0;

      g_assert_true (berth_parse_memory_size (good[i].text, &bytes, NULL));
      g_assert_cmpint (bytes, ==, good[i].bytes);
    }
  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      gint64 bytes = 0;

      g_test_message ("%s", bad[i]);
      g_assert_false (berth_parse_memory_size (bad[i], &bytes, &error));
      g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_cpus (void)
{
  static const struct { const char *text; gint64 nano; } good[] = {
    { "1.5", 1500000000 }, { ".5", 500000000 }, { "2", 2000000000 }, { "0.000000001", 1 },
    { "0.10", 100000000 }, { "1.0000000000", 1000000000 },
  };
  static const char * const bad[] = { "", "abc", "1.5.2", ".", "1,5", "1e3", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 nano = 0;

      g_assert_true (berth_parse_cpus (good[i].text, &nano, NULL));
      g_assert_cmpint (nano, ==, good[i].nano);
    }
  for (guint i = 0; bad[i] != NULL; i++)
    {
      gint64 nano = 0;

      g_test_message ("%s", bad[i]);
      g_assert_false (berth_parse_cpus (bad[i], &nano, NULL));
    }
}

static void
test_port_strings (void)
{
  g_autoptr (BerthRunPort) all = berth_run_port_new ("127.0.0.1", NULL, "80", BERTH_RUN_PROTOCOL_SCTP);
  g_autoptr (BerthRunPort) v6 = berth_run_port_new ("::", "8080", "80", BERTH_RUN_PROTOCOL_TCP);
  g_autofree char *a = berth_run_port_to_string (all);
  g_autofree char *b = berth_run_port_to_string (v6);

  g_assert_cmpstr (a, ==, "127.0.0.1::80/sctp");
  g_assert_cmpstr (b, ==, "[::]:8080:80");
}

/* Editing ----------------------------------------------------------------------- */

static void
count_cb (BerthRunSpec *spec,
          guint        *count)
{
  (*count)++;
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           GString    *names)
{
  g_string_append_printf (names, "%s;", pspec->name);
}

static void
test_editing (void)
{
  g_autoptr (BerthRunSpec) spec = berth_run_spec_new ();
  g_autoptr (BerthRunPort) port = berth_run_port_new (NULL, "8080", "80", BERTH_RUN_PROTOCOL_TCP);
  g_autoptr (BerthRunPort) other = berth_run_port_new (NULL, "9090", "80", BERTH_RUN_PROTOCOL_TCP);
  g_autoptr (BerthRunMount) mount = berth_run_mount_new (BERTH_RUN_MOUNT_VOLUME, "data", "/data", FALSE);
  g_autoptr (BerthRunEnv) env = berth_run_env_new ("MODE", "production");
  g_autoptr (GString) names = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *command = NULL;
  g_autofree char *line = NULL;
  guint changes = 0;

  g_signal_connect (spec, "changed", G_CALLBACK (count_cb), &changes);
  g_signal_connect (spec, "notify", G_CALLBACK (notify_cb), names);

  berth_run_spec_set_image (spec, "nginx");
  g_assert_cmpuint (changes, ==, 1);
  berth_run_spec_set_image (spec, "nginx");
  g_assert_cmpuint (changes, ==, 1);
  berth_run_spec_set_detach (spec, TRUE);
  berth_run_spec_set_name (spec, "web");
  berth_run_spec_set_name (spec, "");
  g_assert_null (berth_run_spec_get_name (spec));
  berth_run_spec_set_name (spec, "web");
  g_assert_cmpuint (changes, ==, 5);
  g_assert_cmpstr (names->str, ==, "image;detach;name;name;name;");

  berth_run_spec_add_port (spec, port);
  berth_run_spec_add_mount (spec, mount);
  berth_run_spec_add_env (spec, env);
  g_assert_cmpuint (changes, ==, 8);
  berth_run_spec_replace_port (spec, 0, port);
  g_assert_cmpuint (changes, ==, 8);
  berth_run_spec_replace_port (spec, 0, other);
  g_assert_cmpuint (changes, ==, 9);
  berth_run_spec_set_restart (spec, BERTH_RUN_RESTART_ON_FAILURE, 2);
  g_assert_cmpuint (changes, ==, 10);
  g_object_set (spec, "restart", BERTH_RUN_RESTART_ALWAYS, "cpus", "0.5", NULL);
  g_assert_cmpuint (changes, ==, 12);
  g_assert_true (berth_run_spec_set_command_line (spec, "nginx -g 'daemon off;'", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 13);
  g_assert_false (berth_run_spec_set_command_line (spec, "echo 'oops", &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (changes, ==, 13);
  line = berth_run_spec_dup_command_line (spec);
  g_assert_cmpstr (line, ==, "nginx -g 'daemon off;'");

  command = berth_run_spec_to_command (spec);
  g_assert_cmpstr (command, ==, "docker run -d --name web -p 9090:80 -v data:/data -e MODE=production "
                                "--restart always --cpus 0.5 nginx nginx -g 'daemon off;'");

  berth_run_spec_remove_port (spec, 0);
  berth_run_spec_remove_mount (spec, 0);
  berth_run_spec_remove_env (spec, 0);
  berth_run_spec_set_command (spec, NULL);
  g_assert_cmpuint (changes, ==, 17);
  g_clear_pointer (&command, g_free);
  command = berth_run_spec_to_command (spec);
  g_assert_cmpstr (command, ==, "docker run -d --name web --restart always --cpus 0.5 nginx");

  g_assert_finalize_object (g_steal_pointer (&spec));
}

static void
test_copy_equal (void)
{
  g_autoptr (BerthRunSpec) spec = parse_ok (line_cases[G_N_ELEMENTS (line_cases) - 2].line);
  g_autoptr (BerthRunSpec) copy = berth_run_spec_copy (spec);
  g_autoptr (BerthRunEnv) env = berth_run_env_new ("B", "2");
  g_autofree char *a = berth_run_spec_to_command (spec);
  g_autofree char *b = berth_run_spec_to_command (copy);

  g_assert_true (berth_run_spec_equal (spec, copy));
  g_assert_cmpstr (a, ==, b);

  berth_run_spec_add_env (copy, env);
  g_assert_false (berth_run_spec_equal (spec, copy));
  berth_run_spec_remove_env (copy, berth_run_spec_get_n_env (copy) - 1);
  g_assert_true (berth_run_spec_equal (spec, copy));

  /* No entrypoint ("") is not the image's entrypoint (NULL). */
  berth_run_spec_set_entrypoint (copy, "");
  g_assert_false (berth_run_spec_equal (spec, copy));
  berth_run_spec_set_entrypoint (copy, NULL);
  berth_run_spec_set_entrypoint (spec, NULL);
  g_assert_true (berth_run_spec_equal (spec, copy));

  g_assert_finalize_object (g_steal_pointer (&copy));
}

/* Conflicts --------------------------------------------------------------------- */

static BerthContainer *
container_from_json (const char *json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = json_from_string (json, &error);
  BerthContainer *container;

  g_assert_no_error (error);
  container = berth_container_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  return container;
}

static void
test_conflicts (void)
{
  g_autoptr (GListStore) store = g_list_store_new (BERTH_TYPE_CONTAINER);
  g_autoptr (BerthContainer) web = container_from_json (
    "{\"Id\":\"aaaa000000000000000000000000000000000000000000000000000000000001\",\"Names\":[\"/web\"],"
    "\"State\":\"running\",\"Ports\":[{\"IP\":\"0.0.0.0\",\"PrivatePort\":80,\"PublicPort\":8080,\"Type\":\"tcp\"},"
    "{\"IP\":\"127.0.0.1\",\"PrivatePort\":53,\"PublicPort\":5353,\"Type\":\"udp\"},"
    "{\"PrivatePort\":443,\"Type\":\"tcp\"}]}");
  g_autoptr (BerthContainer) stopped = container_from_json (
    "{\"Id\":\"bbbb000000000000000000000000000000000000000000000000000000000002\",\"Names\":[\"/old\"],"
    "\"State\":\"exited\",\"Ports\":[]}");
  static const struct { const char *line; BerthRunSpecField field; guint row; const char *message; } cases[] = {
    { "docker run --name web nginx", BERTH_RUN_SPEC_FIELD_NAME, 0, "A container named “web” already exists" },
    { "docker run --name old nginx", BERTH_RUN_SPEC_FIELD_NAME, 0, "A container named “old” already exists" },
    { "docker run -p 9000:90 -p 8080:80 nginx", BERTH_RUN_SPEC_FIELD_PORTS, 1,
      "Port 8080 is already published by the container “web”" },
    { "docker run -p 127.0.0.1:8080:80 nginx", BERTH_RUN_SPEC_FIELD_PORTS, 0, "Port 8080" },
    { "docker run -p 8000-8100:8000-8100 nginx", BERTH_RUN_SPEC_FIELD_PORTS, 0, "Port 8080" },
    { "docker run -p 5353:53/udp nginx", BERTH_RUN_SPEC_FIELD_PORTS, 0, "Port 5353" },
  };
  static const char * const fine[] = {
    "docker run --name other -p 8081:80 nginx",
    "docker run -p 8080:80/udp nginx",
    "docker run -p 127.0.0.2:5353:53/udp nginx",
    "docker run -p 80 -p 443:443 nginx",
    NULL
  };

  g_list_store_append (store, web);
  g_list_store_append (store, stopped);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (BerthRunSpec) spec = parse_ok (cases[i].line);
      g_autoptr (GError) error = NULL;
      BerthRunSpecField field = BERTH_RUN_SPEC_FIELD_NONE;
      guint row = 99;

      g_test_message ("%s", cases[i].line);
      g_assert_false (berth_run_spec_check_conflicts (spec, G_LIST_MODEL (store), &field, &row, &error));
      g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, cases[i].message));
      g_assert_cmpint (field, ==, cases[i].field);
      g_assert_cmpuint (row, ==, cases[i].row);
    }

  for (guint i = 0; fine[i] != NULL; i++)
    {
      g_autoptr (BerthRunSpec) spec = parse_ok (fine[i]);
      g_autoptr (GError) error = NULL;
      BerthRunSpecField field = BERTH_RUN_SPEC_FIELD_IMAGE;

      g_test_message ("%s", fine[i]);
      g_assert_true (berth_run_spec_check_conflicts (spec, G_LIST_MODEL (store), &field, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (field, ==, BERTH_RUN_SPEC_FIELD_NONE);
    }
}

/* Env files --------------------------------------------------------------------- */

static void
test_env_file_parse (void)
{
  const char text[] = "\xef\xbb\xbf# a comment\r\n"
                      "\n"
                      "   \n"
                      "PLAIN=value\r\n"
                      "  INDENTED=kept as it is  \n"
                      "QUOTED=\"quotes stay\"\n"
                      "EMPTY=\n"
                      "EQUALS=a=b\n"
                      "   # indented comment\n"
                      SET_VARIABLE "\n"
                      UNSET_VARIABLE;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = berth_env_file_parse (text, sizeof text - 1, "app.env", &error);
  static const struct { const char *key; const char *value; gboolean from_environment; } expected[] = {
    { "PLAIN", "value", FALSE },
    { "INDENTED", "kept as it is  ", FALSE },
    { "QUOTED", "\"quotes stay\"", FALSE },
    { "EMPTY", "", FALSE },
    { "EQUALS", "a=b", FALSE },
    { SET_VARIABLE, "from-berth", TRUE },
    { UNSET_VARIABLE, NULL, TRUE },
  };

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < rows->len; i++)
    {
      const BerthRunEnv *env = g_ptr_array_index (rows, i);

      g_assert_cmpstr (env->key, ==, expected[i].key);
      g_assert_cmpstr (env->value, ==, expected[i].value);
      g_assert_cmpint (env->from_environment, ==, expected[i].from_environment);
    }
}

static void
test_env_file_errors (void)
{
  static const struct { const char *text; const char *message; } cases[] = {
    { "A=1\n=x\n", "app.env, line 2: the line has no variable name" },
    { "A B=1\n", "app.env, line 1: the variable name “A B” contains a space" },
    { "A\t=1\n", "contains a space" },
    { "A=\xff\n", "is not a text file in UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) rows = berth_env_file_parse (cases[i].text, strlen (cases[i].text), "app.env", &error);

      g_assert_null (rows);
      g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("message “%s” lacks “%s”", error->message, cases[i].message);
    }
}

static char *
write_temp_file (const char *name,
                 const char *contents)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (g_get_user_cache_dir (), name, NULL);

  /* The test's own cache folder: G_TEST_OPTION_ISOLATE_DIRS makes one. */
  g_mkdir_with_parents (g_get_user_cache_dir (), 0700);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_env_file_load (void)
{
  g_autofree char *first = write_temp_file ("first.env", "A=from-file\nB=2\n# c\n" SET_VARIABLE "\n");
  g_autofree char *second = write_temp_file ("second.env", "C=3\n");
  g_autofree char *missing = g_build_filename (g_get_user_cache_dir (), "missing.env", NULL);
  g_autofree char *line = g_strdup_printf ("docker run -e A=from-flag --env-file %s --env-file %s busybox",
                                           first, second);
  g_autoptr (BerthRunSpec) spec = parse_ok (line);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) body = NULL;
  g_auto (GStrv) warnings = NULL;
  GAsyncResult *slot = NULL;
  JsonArray *env;

  g_assert_false (berth_run_spec_get_env_files_loaded (spec));
  body = berth_run_spec_to_create_body (spec, "1.41", &error);
  g_assert_null (body);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  berth_run_spec_load_env_files_async (spec, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  g_assert_true (berth_run_spec_load_env_files_finish (spec, result, &warnings, &error));
  g_assert_no_error (error);
  g_assert_true (berth_run_spec_get_env_files_loaded (spec));
  g_assert_cmpuint (berth_run_spec_get_n_file_env (spec), ==, 4);
  g_assert_cmpstr (berth_run_spec_get_file_env (spec, 2)->key, ==, SET_VARIABLE);
  g_assert_cmpstr (berth_run_spec_get_file_env (spec, 3)->key, ==, "C");
  g_assert_cmpstrv (warnings, ((const char *[]) { SET_VARIABLE " was taken from Berth's environment", NULL }));

  /* The files come first and -e after them, as the docker CLI sends them. */
  body = berth_run_spec_to_create_body (spec, "1.41", &error);
  g_assert_no_error (error);
  env = json_object_get_array_member (json_node_get_object (body), "Env");
  g_assert_cmpuint (json_array_get_length (env), ==, 5);
  g_assert_cmpstr (json_array_get_string_element (env, 0), ==, "A=from-file");
  g_assert_cmpstr (json_array_get_string_element (env, 2), ==, SET_VARIABLE "=from-berth");
  g_assert_cmpstr (json_array_get_string_element (env, 3), ==, "C=3");
  g_assert_cmpstr (json_array_get_string_element (env, 4), ==, "A=from-flag");

  /* Changing the files makes them unread again. */
  berth_run_spec_set_env_files (spec, (const char *[]) { missing, NULL });
  g_assert_false (berth_run_spec_get_env_files_loaded (spec));
  berth_run_spec_load_env_files_async (spec, NULL, berth_test_result_cb, &slot);
  g_clear_object (&result);
  result = berth_test_await (&slot);
  g_assert_false (berth_run_spec_load_env_files_finish (spec, result, NULL, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "missing.env"));
  g_clear_error (&error);

  /* Without env files, what they once held is not sent. */
  berth_run_spec_set_env_files (spec, NULL);
  g_assert_true (berth_run_spec_get_env_files_loaded (spec));
  g_clear_pointer (&body, json_node_unref);
  body = berth_run_spec_to_create_body (spec, "1.41", &error);
  g_assert_no_error (error);
  env = json_object_get_array_member (json_node_get_object (body), "Env");
  g_assert_cmpuint (json_array_get_length (env), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (env, 0), ==, "A=from-flag");
}

static void
check_host_folders (BerthRunSpec       *spec,
                    BerthRunSpecField  *field,
                    guint              *row,
                    GError            **error,
                    gboolean            expected)
{
  g_autoptr (GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  berth_run_spec_check_host_folders_async (spec, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  g_assert_cmpint (berth_run_spec_check_host_folders_finish (spec, result, field, row, error), ==, expected);
}

static void
test_host_folders (void)
{
  g_autofree char *folder = g_build_filename (g_get_user_cache_dir (), "shared", NULL);
  g_autofree char *missing = g_build_filename (g_get_user_cache_dir (), "not-there", NULL);
  g_autofree char *good_line = NULL;
  g_autofree char *bad_line = NULL;
  g_autoptr (BerthRunSpec) good = NULL;
  g_autoptr (BerthRunSpec) bad = NULL;
  g_autoptr (GError) error = NULL;
  BerthRunSpecField field = BERTH_RUN_SPEC_FIELD_IMAGE;
  guint row = 99;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  good_line = g_strdup_printf ("docker run -v %s:/a -v data:/b -v /anon --tmpfs /t "
                               "--mount type=bind,source=%s,target=/c busybox", folder, folder);
  good = parse_ok (good_line);
  check_host_folders (good, &field, &row, &error, TRUE);
  g_assert_no_error (error);
  g_assert_cmpint (field, ==, BERTH_RUN_SPEC_FIELD_NONE);

  bad_line = g_strdup_printf ("docker run -v data:/b -v %s:/a --mount type=bind,source=%s,target=/c busybox",
                              folder, missing);
  bad = parse_ok (bad_line);
  check_host_folders (bad, &field, &row, &error, FALSE);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "not-there” does not exist on this computer"));
  g_assert_cmpint (field, ==, BERTH_RUN_SPEC_FIELD_MOUNTS);
  g_assert_cmpuint (row, ==, 2);
}

/* Lines the fuzzer (tests/fuzz/fuzz-run-spec.c) found: each must either be
 * refused or render to a line that reads back as the same spec. */
static void
test_fuzz_findings (void)
{
  static const char *round_trips[] = {
    "docker run -- -x",
    "docker run -p : nginx",
    "docker run -p 8080: nginx",
    NULL
  };
  static const char *refused[] = {
    "docker run -v -ba/:ro: nginx",
    "docker run -v a:ro:rw nginx",
    "docker run -v a::ro nginx",
    NULL
  };

  for (guint i = 0; round_trips[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (BerthRunSpec) spec = berth_run_spec_parse_line (round_trips[i], NULL, &error);
      g_autoptr (BerthRunSpec) again = NULL;
      g_autofree char *command = NULL;

      g_assert_no_error (error);
      command = berth_run_spec_to_command (spec);
      again = berth_run_spec_parse_line (command, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (berth_run_spec_equal (spec, again));
    }

  for (guint i = 0; refused[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (BerthRunSpec) spec = berth_run_spec_parse_line (refused[i], NULL, &error);

      g_assert_null (spec);
      g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
    }
}

int
main (int   argc,
      char *argv[])
{
  berth_test_init (&argc, &argv);

  g_setenv (SET_VARIABLE, "from-berth", TRUE);
  g_unsetenv (UNSET_VARIABLE);

  g_test_add_func ("/run-spec/lines", test_lines);
  g_test_add_func ("/run-spec/fields", test_fields);
  g_test_add_func ("/run-spec/restart-values", test_restart_values);
  g_test_add_func ("/run-spec/warnings", test_warnings);
  g_test_add_func ("/run-spec/bodies", test_bodies);
  g_test_add_func ("/run-spec/body-name-escaped", test_body_name_escaped);
  g_test_add_func ("/run-spec/body-invalid", test_body_invalid);
  g_test_add_func ("/run-spec/errors", test_errors);
  g_test_add_func ("/run-spec/parse-argv", test_parse_argv);
  g_test_add_func ("/run-spec/validation", test_validation);
  g_test_add_func ("/run-spec/problems", test_problems);
  g_test_add_func ("/run-spec/empty", test_empty_spec);
  g_test_add_func ("/run-spec/row-validators", test_row_validators);
  g_test_add_func ("/run-spec/memory-sizes", test_memory_sizes);
  g_test_add_func ("/run-spec/cpus", test_cpus);
  g_test_add_func ("/run-spec/port-strings", test_port_strings);
  g_test_add_func ("/run-spec/editing", test_editing);
  g_test_add_func ("/run-spec/copy-equal", test_copy_equal);
  g_test_add_func ("/run-spec/conflicts", test_conflicts);
  g_test_add_func ("/run-spec/env-file-parse", test_env_file_parse);
  g_test_add_func ("/run-spec/env-file-errors", test_env_file_errors);
  g_test_add_func ("/run-spec/env-file-load", test_env_file_load);
  g_test_add_func ("/run-spec/host-folders", test_host_folders);
  g_test_add_func ("/run-spec/fuzz-findings", test_fuzz_findings);

  return g_test_run ();
}
