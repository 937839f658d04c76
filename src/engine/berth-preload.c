/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include "berth-engine.h"
#include "berth-json-private.h"
#include "berth-preload.h"
#include "berth-resource-list-private.h"
#include "berth-trace.h"

/* A first read of the engine's containers, on a worker thread, started
 * before the toolkit opens the display. Opening the display and building
 * the window keep the main thread busy for a good 100 ms at start-up; the
 * engine's answer and its parsing fit in that time instead of following it
 * (tests/bench, issue 7).
 *
 * It only seeds the container list (BerthStore, berth_store_set_preload()):
 * the store still opens the event stream and then reads every list, which
 * is what keeps the lists right, so a change between the two reads is not
 * missed. The worker has its own engine object and main context; only the
 * containers it made from the answer, seen by no one yet, cross to the
 * main thread. */

typedef struct
{
  char          *address;       /* NULL: the engine the docker CLI would use */
  char         **envp;          /* read on the calling thread: GTK may change
                                 * the environment while it starts */
  BerthEndpoint *endpoint;
  GPtrArray     *containers;
  int            finished;      /* atomic: the worker is done with the above */
} Job;

struct _BerthPreload
{
  GObject        parent_instance;

  BerthEndpoint *endpoint;
  GPtrArray     *containers;
  gboolean       done;
  Job           *job;         /* the worker's, until its task calls back */
};

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BerthPreload, berth_preload, G_TYPE_OBJECT)

typedef struct
{
  GMainContext *context;
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_context_wakeup (wait->context);
}

static GAsyncResult *
wait_for (Wait *wait)
{
  while (wait->result == NULL)
    g_main_context_iteration (wait->context, TRUE);

  return g_steal_pointer (&wait->result);
}


static void
job_free (Job *job)
{
  g_free (job->address);
  g_strfreev (job->envp);
  g_clear_object (&job->endpoint);
  g_clear_pointer (&job->containers, g_ptr_array_unref);
  g_free (job);
}

static void
preload_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr (GMainContext) context = NULL;
  g_autoptr (BerthEngine) engine = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  Wait wait = { NULL, NULL };
  gboolean ok;

  if (job->address != NULL)
    job->endpoint = berth_endpoint_new_for_address (job->address, &error);
  else
    job->endpoint = berth_endpoint_discover ((const char * const *) job->envp, &error);
  if (job->endpoint == NULL)
    {
      g_debug ("No preload: %s", error->message);
      g_atomic_int_set (&job->finished, TRUE);
      g_task_return_boolean (task, FALSE);
      return;
    }

  wait.context = context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  engine = berth_engine_new (job->endpoint);

  berth_engine_connect_async (engine, cancellable, wait_cb, &wait);
  result = wait_for (&wait);
  if (berth_engine_connect_finish (engine, result, &error))
    {
      g_autoptr (SoupMessage) message = NULL;

      g_clear_object (&result);
      message = berth_engine_new_message (engine, SOUP_METHOD_GET,
                                          _berth_resource_list_get_path (BERTH_RESOURCE_KIND_CONTAINER));
      berth_engine_send_and_read_async (engine, message, cancellable, wait_cb, &wait);
      result = wait_for (&wait);
      body = berth_engine_send_and_read_finish (engine, result, &error);
    }

  /* The engine's session closes its connection in this context. */
  g_clear_object (&engine);
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);

  /* The objects are made here, one element of the answer at a time: the
   * whole answer's tree would be ten times its text, at the moment the
   * main thread builds the window (and making thousands of objects takes
   * tens of ms the main thread needs for that). */
  if (body != NULL)
    job->containers = _berth_resource_list_items_from_body (BERTH_RESOURCE_KIND_CONTAINER, body, NULL, &error);
  if (job->containers == NULL)
    g_debug ("No preload: %s", error ? error->message : "empty answer");
  ok = job->containers != NULL;
  /* From here on, the main thread may take the results at any time. */
  g_atomic_int_set (&job->finished, TRUE);
  g_task_return_boolean (task, ok);
}

/* Takes the worker's results. */
static void
finish (BerthPreload *self,
        Job          *job)
{
  self->endpoint = g_steal_pointer (&job->endpoint);
  self->containers = g_steal_pointer (&job->containers);
  self->job = NULL;
  self->done = TRUE;
  berth_trace_mark ("preloaded", "containers %s", self->containers ? "read" : "not read");
  g_signal_emit (self, signals[DONE], 0);
}

static void
preload_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  BerthPreload *self = BERTH_PRELOAD (object);

  /* Already taken by berth_preload_get_done(). */
  if (!self->done)
    finish (self, g_task_get_task_data (G_TASK (result)));
  self->job = NULL;
}

static void
berth_preload_finalize (GObject *object)
{
  BerthPreload *self = BERTH_PRELOAD (object);

  g_clear_object (&self->endpoint);
  g_clear_pointer (&self->containers, g_ptr_array_unref);

  G_OBJECT_CLASS (berth_preload_parent_class)->finalize (object);
}

static void
berth_preload_class_init (BerthPreloadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = berth_preload_finalize;

  /**
   * BerthPreload::done:
   *
   * The worker has finished, with or without the containers.
   */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
berth_preload_init (BerthPreload *self)
{
}

/**
 * berth_preload_new:
 * @address: (nullable): the engine's address, or %NULL for the one the
 *   docker CLI would use (berth_endpoint_discover())
 *
 * Starts reading the engine's containers on a worker thread. "done" is
 * emitted in the calling thread's main context.
 */
BerthPreload *
berth_preload_new (const char *address)
{
  BerthPreload *self;
  g_autoptr (GTask) task = NULL;
  Job *job;

  self = g_object_new (BERTH_TYPE_PRELOAD, NULL);
  job = g_new0 (Job, 1);
  job->address = g_strdup (address);
  job->envp = g_get_environ ();

  /* The task keeps the preload alive until the worker is done. */
  task = g_task_new (self, NULL, preload_cb, NULL);
  g_task_set_source_tag (task, berth_preload_new);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  self->job = job;
  g_task_run_in_thread (task, preload_thread);

  return self;
}

/* The engine it read, once done; NULL if there was none. */
BerthEndpoint *
berth_preload_get_endpoint (BerthPreload *self)
{
  g_return_val_if_fail (BERTH_IS_PRELOAD (self), NULL);
  return self->endpoint;
}

/**
 * berth_preload_get_done:
 *
 * Whether the worker has finished. When it has but its "done" has not been
 * emitted yet (the main loop has been busy, as while GTK starts), the
 * results are taken and "done" is emitted now: a window being built can
 * show the containers in its very first frame.
 */
gboolean
berth_preload_get_done (BerthPreload *self)
{
  g_return_val_if_fail (BERTH_IS_PRELOAD (self), FALSE);

  if (!self->done && self->job != NULL && g_atomic_int_get (&self->job->finished))
    finish (self, self->job);
  return self->done;
}

/**
 * berth_preload_get_containers:
 *
 * Returns: (transfer none) (nullable) (element-type BerthContainer): the
 *   engine's containers, once done, or %NULL if they could not be read
 */
GPtrArray *
berth_preload_get_containers (BerthPreload *self)
{
  g_return_val_if_fail (BERTH_IS_PRELOAD (self), NULL);
  return self->containers;
}
