/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "berth-badge.h"
#include "berth-command-log.h"
#include "berth-container-row-actions.h"
#include "berth-containers-page.h"
#include "berth-create-dialog.h"
#include "berth-history-popover.h"
#include "berth-ports-cell.h"
#include "berth-networks-page.h"
#include "berth-setup-page.h"
#include "berth-volumes-page.h"
#include "berth-test-util.h"
#include "berth-ui-test-util.h"
#include "berth-window.h"

/* The real window against the private test engine, driven the way a user
 * would: through its buttons, actions and dialogs. The tests run in order
 * and share one window; each saves PNGs of what it shows. */

static GtkApplication *app;
static BerthEndpoint *endpoint;
static BerthWindow *window;

static const char *web = "ui-web";
static const char *job = "ui-job";

/* Cleans the private engine so the pages show what the test made. */
static void
reset_engine (void)
{
  g_autofree char *ids = berth_test_docker_ok ("ps", "-aq", NULL);
  g_auto (GStrv) lines = g_strsplit (ids, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (*lines[i] != '\0')
        g_free (berth_test_docker_ok ("rm", "-f", lines[i], NULL));
    }
  g_free (berth_test_docker_ok ("volume", "prune", "-f", NULL));
  g_free (berth_test_docker_ok ("network", "prune", "-f", NULL));
}

static BerthResourcePage *
page (BerthResourceKind kind)
{
  return berth_window_get_page (window, kind);
}

static gboolean
all_loaded (void)
{
  BerthStore *store = berth_window_get_store (window);

  for (guint kind = 0; kind <= BERTH_RESOURCE_KIND_NETWORK; kind++)
    {
      if (!berth_resource_list_get_loaded (berth_store_get_list (store, kind)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
actions_for_name (GtkWidget *widget,
                  gpointer   name)
{
  BerthContainer *container = NULL;
  gboolean match;

  g_object_get (widget, "container", &container, NULL);
  match = container != NULL && g_strcmp0 (berth_container_get_name (container), name) == 0;
  g_clear_object (&container);
  return match;
}

/* The row widget showing the container named @name, if on screen. */
static GtkWidget *
container_row (const char *name)
{
  GtkWidget *actions = berth_ui_find_widget (GTK_WIDGET (page (BERTH_RESOURCE_KIND_CONTAINER)),
                                             BERTH_TYPE_CONTAINER_ROW_ACTIONS,
                                             actions_for_name, (gpointer) name);

  return actions ? gtk_widget_get_parent (gtk_widget_get_parent (actions)) : NULL;
}

/* Whether the row showing @upper is above the one showing @lower. */
static gboolean
row_above (const char *upper,
           const char *lower)
{
  GtkWidget *a = container_row (upper), *b = container_row (lower);
  graphene_point_t pa, pb;

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_true (gtk_widget_compute_point (a, GTK_WIDGET (window), &GRAPHENE_POINT_INIT (0, 0), &pa));
  g_assert_true (gtk_widget_compute_point (b, GTK_WIDGET (window), &GRAPHENE_POINT_INIT (0, 0), &pb));
  return pa.y < pb.y;
}

static const char *
badge_text (const char *name)
{
  GtkWidget *row = container_row (name);
  GtkWidget *badge = row ? berth_ui_find_widget (row, BERTH_TYPE_BADGE, NULL, NULL) : NULL;
  GtkWidget *label = badge ? berth_ui_find_widget (badge, GTK_TYPE_LABEL, NULL, NULL) : NULL;

  return label ? gtk_label_get_label (GTK_LABEL (label)) : NULL;
}

static BerthContainer *
model_container (const char *name)
{
  GListModel *list = G_LIST_MODEL (berth_store_get_list (berth_window_get_store (window),
                                                         BERTH_RESOURCE_KIND_CONTAINER));

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr (BerthContainer) container = g_list_model_get_item (list, i);

      if (g_strcmp0 (berth_container_get_name (container), name) == 0)
        return container;   /* the list keeps it alive */
    }
  return NULL;
}

/* Waits until the store has @name in @state; says what it has if not. */
static void
wait_for_model_state (const char          *name,
                      BerthContainerState  state,
                      guint                timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;
  guint tick = g_timeout_add (50, berth_test_tick_cb, NULL);
  BerthContainer *container;

  while ((container = model_container (name)) == NULL ||
         berth_container_get_state (container) != state)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("%s: expected state %s, the store has %s (status “%s”)", name,
                 berth_container_state_to_string (state),
                 container ? berth_container_state_to_string (berth_container_get_state (container)) : "nothing",
                 container ? berth_container_get_status (container) : "");
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);
}

static gboolean
log_contains (const char *command)
{
  GListModel *log = G_LIST_MODEL (berth_window_get_command_log (window));

  for (guint i = 0; i < g_list_model_get_n_items (log); i++)
    {
      g_autoptr (BerthCommandEntry) entry = g_list_model_get_item (log, i);

      if (g_strcmp0 (berth_command_entry_get_command (entry), command) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
button_with_label (GtkWidget *widget,
                   gpointer   label)
{
  return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

/* Row buttons make their tooltip when it is shown (it is also their
 * accessible name); the text waits under "berth-tooltip". */
static const char *
row_button_label (GtkWidget *button)
{
  return g_object_get_data (G_OBJECT (button), "berth-tooltip");
}

static gboolean
button_with_label_text (GtkWidget *widget,
                        gpointer   text)
{
  return g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

static void
click_button (GtkWidget  *root,
              const char *label)
{
  GtkWidget *button = berth_ui_find_widget (root, GTK_TYPE_BUTTON, button_with_label, (gpointer) label);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);
}

static void
run_ctl (const char *arg1,
         const char *arg2)
{
  const char *argv[] = { g_getenv ("BERTH_TEST_ENGINE_CTL"), arg1, arg2, NULL };
  g_autoptr (GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
}

static gboolean
label_with_text (GtkWidget *widget,
                 gpointer   text)
{
  return g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

static gboolean
status_page_with_title (GtkWidget *widget,
                        gpointer   title)
{
  return g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (widget)), title) == 0;
}

/* The large icon of the status page titled @title under @root, or NULL
 * while it has none: status pages get theirs once on screen, so a window
 * showing lists never loads those SVGs (and librsvg with them). */
static const char *
status_icon (GtkWidget  *root,
             const char *title)
{
  GtkWidget *status_page = berth_ui_find_widget (root, ADW_TYPE_STATUS_PAGE, status_page_with_title,
                                                 (gpointer) title);

  g_assert_nonnull (status_page);
  return adw_status_page_get_icon_name (ADW_STATUS_PAGE (status_page));
}

static const char *
setup_icon (BerthWindow *some_window)
{
  GtkWidget *setup = berth_ui_find_widget (GTK_WIDGET (some_window), BERTH_TYPE_SETUP_PAGE, NULL, NULL);
  GtkWidget *status_page = setup ? berth_ui_find_widget (setup, ADW_TYPE_STATUS_PAGE, NULL, NULL) : NULL;

  g_assert_nonnull (status_page);
  return adw_status_page_get_icon_name (ADW_STATUS_PAGE (status_page));
}

/* A window pointed at an engine that is not there explains what to do. */
static void
test_unreachable (void)
{
  g_autoptr (BerthEndpoint) nowhere = berth_endpoint_new_for_address ("unix:///nonexistent/docker.sock", NULL);
  BerthWindow *lonely = berth_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (lonely), 1100, 760);
  berth_window_set_endpoint (lonely, nowhere);
  gtk_window_present (GTK_WINDOW (lonely));
  g_assert_null (setup_icon (lonely));
  berth_test_wait_until (g_strcmp0 (berth_window_get_view_name (lonely), "setup") == 0, 5000);
  g_assert_cmpstr (setup_icon (lonely), ==, "io.github.berthapp.Berth-symbolic");
  berth_ui_save_png (GTK_WIDGET (lonely), "setup.png");
  gtk_window_destroy (GTK_WINDOW (lonely));
}

static void
test_empty_pages (void)
{
  if (endpoint == NULL)
    return;

  reset_engine ();

  window = berth_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 720);
  berth_window_set_endpoint (window, endpoint);
  gtk_window_present (GTK_WINDOW (window));
  berth_test_wait_until (all_loaded (), 10000);
  g_assert_cmpstr (berth_window_get_view_name (window), ==, "main");
  g_assert_null (setup_icon (window));
  /* A list page is made when first shown; the sidebar names them all. */
  g_assert_null (berth_ui_find_widget (GTK_WIDGET (window), BERTH_TYPE_VOLUMES_PAGE, NULL, NULL));
  g_assert_null (berth_ui_find_widget (GTK_WIDGET (window), BERTH_TYPE_NETWORKS_PAGE, NULL, NULL));
  g_assert_nonnull (berth_ui_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, label_with_text, (gpointer) "Volumes"));
  g_assert_nonnull (berth_ui_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, label_with_text, (gpointer) "Networks"));

  berth_window_show_page (window, BERTH_RESOURCE_KIND_CONTAINER);
  berth_test_wait_until (g_strcmp0 (berth_resource_page_get_view_name (page (BERTH_RESOURCE_KIND_CONTAINER)), "empty") == 0, 2000);
  g_assert_cmpstr (status_icon (GTK_WIDGET (window), "No Containers"), ==, "package-x-generic-symbolic");
  berth_ui_save_png (GTK_WIDGET (window), "containers-empty.png");

  /* Made (by asking for it), not shown: its empty page has no icon yet. */
  g_assert_cmpstr (berth_resource_page_get_view_name (page (BERTH_RESOURCE_KIND_VOLUME)), ==, "empty");
  g_assert_nonnull (berth_ui_find_widget (GTK_WIDGET (window), BERTH_TYPE_VOLUMES_PAGE, NULL, NULL));
  g_assert_null (status_icon (GTK_WIDGET (window), "No Volumes"));
  berth_window_show_page (window, BERTH_RESOURCE_KIND_VOLUME);
  g_assert_cmpstr (status_icon (GTK_WIDGET (window), "No Volumes"), ==, "drive-harddisk-symbolic");
  berth_ui_save_png (GTK_WIDGET (window), "volumes-empty.png");
}

/* Things made with the docker CLI appear on their own (from /events). */
static void
test_live_lists (void)
{
  BerthResourcePage *containers;
  GtkWidget *row, *ports, *link;

  if (window == NULL)
    return;

  g_free (berth_test_docker_ok ("volume", "create", "ui-data", NULL));
  g_free (berth_test_docker_ok ("network", "create", "--subnet", "10.214.99.0/24", "ui-net", NULL));
  g_free (berth_test_docker_ok ("run", "-d", "--name", web, "-p", "18181:80", "-v", "ui-data:/data",
                                "--network", "ui-net", berth_test_image (), "httpd", "-f", "-p", "80", NULL));
  g_free (berth_test_docker_ok ("run", "-d", "--name", job, berth_test_image (), "sh", "-c", "exit 3", NULL));

  containers = page (BERTH_RESOURCE_KIND_CONTAINER);
  berth_window_show_page (window, BERTH_RESOURCE_KIND_CONTAINER);
  berth_test_wait_until (berth_resource_page_get_n_shown (containers) == 2, 3000);
  berth_test_wait_until (container_row (web) != NULL && g_strcmp0 (badge_text (web), "Running") == 0, 3000);
  /* First in the model (from the engine's events), then on screen. */
  wait_for_model_state (job, BERTH_CONTAINER_STATE_EXITED, 10000);
  berth_test_wait_until (g_strcmp0 (badge_text (job), "Exited") == 0, 3000);

  /* Published HTTP ports are links to the browser. */
  row = container_row (web);
  ports = berth_ui_find_widget (row, BERTH_TYPE_PORTS_CELL, NULL, NULL);
  link = berth_ui_find_widget (ports, GTK_TYPE_LINK_BUTTON, NULL, NULL);
  g_assert_nonnull (link);
  g_assert_cmpstr (gtk_link_button_get_uri (GTK_LINK_BUTTON (link)), ==, "http://localhost:18181");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (link)), ==, "18181→80/tcp");

  berth_ui_save_png (GTK_WIDGET (window), "containers.png");

  berth_window_show_page (window, BERTH_RESOURCE_KIND_IMAGE);
  berth_test_wait_until (berth_resource_page_get_n_shown (page (BERTH_RESOURCE_KIND_IMAGE)) >= 1, 2000);
  berth_ui_save_png (GTK_WIDGET (window), "images.png");

  berth_window_show_page (window, BERTH_RESOURCE_KIND_VOLUME);
  berth_test_wait_until (berth_resource_page_get_n_shown (page (BERTH_RESOURCE_KIND_VOLUME)) == 1, 2000);
  berth_ui_save_png (GTK_WIDGET (window), "volumes.png");

  berth_window_show_page (window, BERTH_RESOURCE_KIND_NETWORK);
  berth_test_wait_until (berth_resource_page_get_n_shown (page (BERTH_RESOURCE_KIND_NETWORK)) == 4, 2000);
  berth_ui_save_png (GTK_WIDGET (window), "networks.png");
}

/* The stop button of a row stops the container; its badge follows. */
static void
test_stop_button (void)
{
  GtkWidget *actions, *stop;

  if (window == NULL)
    return;

  berth_window_show_page (window, BERTH_RESOURCE_KIND_CONTAINER);
  actions = berth_ui_find_widget (GTK_WIDGET (page (BERTH_RESOURCE_KIND_CONTAINER)),
                                  BERTH_TYPE_CONTAINER_ROW_ACTIONS, actions_for_name, (gpointer) web);
  g_assert_nonnull (actions);
  stop = berth_ui_find_widget (actions, GTK_TYPE_BUTTON, NULL, NULL);
  g_assert_cmpstr (row_button_label (stop), ==, "Stop container ui-web");

  gtk_widget_activate (stop);
  berth_test_wait_until (g_strcmp0 (badge_text (web), "Exited") == 0, 15000);
  berth_test_wait_until (log_contains ("docker stop ui-web"), 2000);
  g_assert_cmpstr (row_button_label (stop), ==, "Start container ui-web");
  berth_ui_save_png (GTK_WIDGET (window), "containers-stopped.png");

  /* And starts it again. */
  gtk_widget_activate (stop);
  berth_test_wait_until (g_strcmp0 (badge_text (web), "Running") == 0, 10000);
  berth_test_wait_until (log_contains ("docker start ui-web"), 2000);
}

static gboolean
button_labelled (GtkWidget *widget,
                 gpointer   label)
{
  return g_strcmp0 (row_button_label (widget), label) == 0;
}

/* The row's menu opens as a popover with the container's actions, which
 * act on that container; it is gone once closed. */
static void
test_row_menu (void)
{
  GtkWidget *actions, *more, *menu;
  GMenuModel *model;

  if (window == NULL)
    return;

  berth_window_show_page (window, BERTH_RESOURCE_KIND_CONTAINER);
  actions = berth_ui_find_widget (GTK_WIDGET (page (BERTH_RESOURCE_KIND_CONTAINER)),
                                  BERTH_TYPE_CONTAINER_ROW_ACTIONS, actions_for_name, (gpointer) web);
  g_assert_nonnull (actions);
  more = berth_ui_find_widget (actions, GTK_TYPE_BUTTON, button_labelled, (gpointer) "More actions for container ui-web");
  g_assert_nonnull (more);
  g_assert_null (berth_ui_find_widget (actions, GTK_TYPE_POPOVER_MENU, NULL, NULL));

  gtk_widget_activate (more);   /* clicks once the press is shown */
  berth_test_wait_until ((menu = berth_ui_find_widget (actions, GTK_TYPE_POPOVER_MENU, NULL, NULL)) != NULL &&
                         gtk_widget_get_mapped (menu), 5000);
  model = gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (menu));
  g_assert_cmpint (g_menu_model_get_n_items (model), ==, 5);
  berth_ui_wait_for_draw (menu);
  berth_ui_save_png (menu, "containers-row-menu.png");

  gtk_popover_popdown (GTK_POPOVER (menu));
  g_assert_null (berth_ui_find_widget (actions, GTK_TYPE_POPOVER_MENU, NULL, NULL));

  /* What its items do. */
  g_assert_true (gtk_widget_activate_action (actions, "row.pause", NULL));
  berth_test_wait_until (g_strcmp0 (badge_text (web), "Paused") == 0, 10000);
  berth_test_wait_until (log_contains ("docker pause ui-web"), 2000);
  g_assert_true (gtk_widget_activate_action (actions, "row.unpause", NULL));
  berth_test_wait_until (g_strcmp0 (badge_text (web), "Running") == 0, 10000);
  berth_test_wait_until (log_contains ("docker unpause ui-web"), 2000);
}

static void
test_search (void)
{
  BerthResourcePage *containers;

  if (window == NULL)
    return;

  containers = page (BERTH_RESOURCE_KIND_CONTAINER);
  berth_resource_page_set_search_text (containers, "JOB");
  g_assert_cmpuint (berth_resource_page_get_n_shown (containers), ==, 1);
  berth_ui_wait_for_draw (GTK_WIDGET (containers));
  g_assert_nonnull (container_row (job));

  berth_resource_page_set_search_text (containers, "nothing-like-this");
  g_assert_cmpuint (berth_resource_page_get_n_shown (containers), ==, 0);
  g_assert_cmpstr (berth_resource_page_get_view_name (containers), ==, "filtered");
  berth_ui_save_png (GTK_WIDGET (window), "containers-no-results.png");

  /* By image name too, and by id prefix. */
  berth_resource_page_set_search_text (containers, "busybox");
  g_assert_cmpuint (berth_resource_page_get_n_shown (containers), ==, 2);
  berth_resource_page_set_search_text (containers, "");
  g_assert_cmpuint (berth_resource_page_get_n_shown (containers), ==, 2);
  berth_ui_wait_for_draw (GTK_WIDGET (containers));
  g_assert_nonnull (container_row (web));
  g_assert_nonnull (container_row (job));

  /* The rows stay when a search changes what they show (BerthRowSlots):
   * the one that showed the other container shows the job now, or is
   * gone; none shows a container the search leaves out. */
  berth_resource_page_set_search_text (containers, "JOB");
  berth_ui_wait_for_draw (GTK_WIDGET (containers));
  g_assert_null (container_row (web));
  g_assert_nonnull (container_row (job));
  g_assert_cmpstr (badge_text (job), ==, "Exited");

  /* The selection follows the container, not the position, and leaves
   * with it when the search hides it. */
  berth_resource_page_set_search_text (containers, "");
  g_assert_true (berth_resource_page_select_id (containers, berth_resource_get_id (BERTH_RESOURCE (model_container (job)))));
  berth_resource_page_set_search_text (containers, "JOB");
  {
    g_autoptr (GPtrArray) selected = berth_resource_page_get_selected (containers);

    g_assert_cmpuint (selected->len, ==, 1);
    g_assert_cmpstr (berth_container_get_name (g_ptr_array_index (selected, 0)), ==, job);
  }
  berth_ui_wait_for_draw (GTK_WIDGET (containers));
  g_assert_true (gtk_widget_get_state_flags (container_row (job)) & GTK_STATE_FLAG_SELECTED);
  berth_resource_page_set_search_text (containers, "nothing-like-this");
  berth_resource_page_set_search_text (containers, "");
  {
    g_autoptr (GPtrArray) selected = berth_resource_page_get_selected (containers);

    g_assert_cmpuint (selected->len, ==, 0);
  }
  berth_ui_wait_for_draw (GTK_WIDGET (containers));
  g_assert_false (gtk_widget_get_state_flags (container_row (job)) & GTK_STATE_FLAG_SELECTED);
  g_assert_false (gtk_widget_get_state_flags (container_row (web)) & GTK_STATE_FLAG_SELECTED);

  /* Sorting by name one way and the other: the rows stay and show the
   * containers in the new order. */
  berth_resource_page_sort_by (containers, 0, GTK_SORT_ASCENDING);
  berth_ui_wait_for_draw (GTK_WIDGET (containers));
  g_assert_true (row_above (job, web));
  berth_resource_page_sort_by (containers, 0, GTK_SORT_DESCENDING);
  berth_ui_wait_for_draw (GTK_WIDGET (containers));
  g_assert_true (row_above (web, job));
  {
    g_autoptr (BerthContainer) first = berth_resource_page_get_item (containers, 0);

    g_assert_cmpstr (berth_container_get_name (first), ==, web);
  }
  /* Back to newest first, as the page starts. */
  berth_resource_page_sort_by (containers, 5, GTK_SORT_DESCENDING);
}

static void
test_show_stopped (void)
{
  BerthResourcePage *containers;

  if (window == NULL)
    return;

  containers = page (BERTH_RESOURCE_KIND_CONTAINER);
  berth_containers_page_set_show_stopped (BERTH_CONTAINERS_PAGE (containers), FALSE);
  g_assert_cmpuint (berth_resource_page_get_n_shown (containers), ==, 1);   /* like docker ps */

  /* The running one stops: it leaves the list, in place. */
  g_free (berth_test_docker_ok ("stop", "-t", "1", web, NULL));
  berth_test_wait_until (berth_resource_page_get_n_shown (containers) == 0, 5000);
  g_assert_cmpstr (berth_resource_page_get_view_name (containers), ==, "filtered");
  berth_ui_save_png (GTK_WIDGET (window), "containers-none-running.png");

  berth_containers_page_set_show_stopped (BERTH_CONTAINERS_PAGE (containers), TRUE);
  g_assert_cmpuint (berth_resource_page_get_n_shown (containers), ==, 2);
  g_free (berth_test_docker_ok ("start", web, NULL));
  berth_test_wait_until (g_strcmp0 (badge_text (web), "Running") == 0, 5000);
}

/* Removing asks first, says what is lost, and then removes. */
static void
test_remove_with_confirmation (void)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  BerthResourceList *list;
  GtkWindow *dialog;
  BerthResource *item = NULL;

  if (window == NULL)
    return;

  list = berth_resource_page_get_list (page (BERTH_RESOURCE_KIND_CONTAINER));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr (BerthResource) candidate = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (g_strcmp0 (berth_resource_get_display_name (candidate), job) == 0)
        item = candidate;
    }
  g_assert_nonnull (item);
  g_ptr_array_add (items, g_object_ref (item));

  berth_resource_page_act (page (BERTH_RESOURCE_KIND_CONTAINER), "remove", items);
  berth_test_wait_until ((dialog = berth_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL, 2000);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Remove Container “ui-job”?");
  berth_ui_save_png (GTK_WIDGET (dialog), "confirm-remove.png");

  /* Cancelling removes nothing. */
  click_button (GTK_WIDGET (dialog), "_Cancel");
  berth_test_wait_until (berth_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL, 2000);
  g_assert_nonnull (container_row (job));

  berth_resource_page_act (page (BERTH_RESOURCE_KIND_CONTAINER), "remove", items);
  berth_test_wait_until ((dialog = berth_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL, 2000);
  click_button (GTK_WIDGET (dialog), "_Remove");
  berth_test_wait_until (berth_resource_page_get_n_shown (page (BERTH_RESOURCE_KIND_CONTAINER)) == 1, 5000);
  berth_test_wait_until (log_contains ("docker rm ui-job"), 2000);
  g_assert_null (berth_test_docker (NULL, "inspect", job, NULL));
}

/* A running container cannot be removed without force: the engine's own
 * words are shown, and the history marks the command as failed. */
static void
test_builtin_network (void)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  BerthResourceList *list;
  GtkWindow *dialog;

  if (window == NULL)
    return;

  list = berth_resource_page_get_list (page (BERTH_RESOURCE_KIND_NETWORK));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr (BerthResource) network = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (g_strcmp0 (berth_resource_get_display_name (network), "bridge") == 0)
        g_ptr_array_add (items, g_object_ref (network));
    }
  g_assert_cmpuint (items->len, ==, 1);

  berth_window_show_page (window, BERTH_RESOURCE_KIND_NETWORK);
  berth_resource_page_act (page (BERTH_RESOURCE_KIND_NETWORK), "remove", items);
  berth_test_wait_until ((dialog = berth_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL, 2000);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Cannot Remove Network");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "built into the engine"));
  berth_ui_save_png (GTK_WIDGET (dialog), "network-builtin.png");
  click_button (GTK_WIDGET (dialog), "_Close");
  berth_test_wait_until (berth_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL, 2000);
}

static void
test_create_volume (void)
{
  BerthCreateDialog *dialog;
  GtkWidget *create;

  if (window == NULL)
    return;

  berth_window_show_page (window, BERTH_RESOURCE_KIND_VOLUME);
  click_button (GTK_WIDGET (page (BERTH_RESOURCE_KIND_VOLUME)), "_New Volume…");
  berth_test_wait_until ((dialog = (BerthCreateDialog *) berth_ui_find_toplevel (BERTH_TYPE_CREATE_DIALOG)) != NULL, 2000);

  /* Bad input is explained and nothing can be sent. */
  berth_create_dialog_set_field (dialog, "name", "my data");
  g_assert_nonnull (berth_create_dialog_get_error (dialog));
  g_assert_nonnull (strstr (berth_create_dialog_get_error (dialog), "“ ”"));
  create = berth_ui_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, button_with_label, (gpointer) "C_reate");
  g_assert_false (gtk_widget_is_sensitive (create));
  berth_ui_save_png (GTK_WIDGET (dialog), "create-volume-error.png");

  berth_create_dialog_set_field (dialog, "name", "ui-made");
  berth_create_dialog_add_label (dialog, "project=berth");
  g_assert_null (berth_create_dialog_get_error (dialog));
  g_assert_cmpstr (berth_create_dialog_get_command (dialog), ==, "docker volume create --label project=berth ui-made");
  g_assert_true (gtk_widget_is_sensitive (create));
  berth_ui_save_png (GTK_WIDGET (dialog), "create-volume.png");

  gtk_widget_activate (create);
  berth_test_wait_until (berth_ui_find_toplevel (BERTH_TYPE_CREATE_DIALOG) == NULL, 5000);
  berth_test_wait_until (berth_resource_page_get_n_shown (page (BERTH_RESOURCE_KIND_VOLUME)) == 2, 3000);
  g_assert_true (log_contains ("docker volume create --label project=berth ui-made"));
}

/* What the engine refuses is shown in its words and the form stays filled. */
static void
test_create_network_refused (void)
{
  BerthCreateDialog *dialog;

  if (window == NULL)
    return;

  berth_window_show_page (window, BERTH_RESOURCE_KIND_NETWORK);
  click_button (GTK_WIDGET (page (BERTH_RESOURCE_KIND_NETWORK)), "_New Network…");
  berth_test_wait_until ((dialog = (BerthCreateDialog *) berth_ui_find_toplevel (BERTH_TYPE_CREATE_DIALOG)) != NULL, 2000);

  berth_create_dialog_set_field (dialog, "name", "ui-net");   /* exists already */
  berth_create_dialog_set_field (dialog, "subnet", "10.214.98.0/24");
  berth_create_dialog_set_field (dialog, "gateway", "10.214.98.1");
  g_assert_null (berth_create_dialog_get_error (dialog));
  berth_create_dialog_submit (dialog);
  berth_test_wait_until (berth_create_dialog_get_error (dialog) != NULL, 5000);
  g_assert_nonnull (strstr (berth_create_dialog_get_error (dialog), "ui-net"));
  g_assert_cmpstr (berth_create_dialog_get_command (dialog), ==,
                   "docker network create --subnet 10.214.98.0/24 --gateway 10.214.98.1 ui-net");
  berth_ui_save_png (GTK_WIDGET (dialog), "create-network-refused.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
has_tooltip (GtkWidget *widget,
             gpointer   tooltip)
{
  return g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

/* Every action so far is in the history, as the command that does it. */
static void
test_history (void)
{
  GtkWidget *button;
  GtkPopover *popover;

  if (window == NULL)
    return;

  g_assert_true (log_contains ("docker stop ui-web"));
  g_assert_true (log_contains ("docker rm ui-job"));

  button = berth_ui_find_widget (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, has_tooltip, (gpointer) "Command History");
  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  berth_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (popover)), 2000);
  g_assert_nonnull (berth_ui_find_widget (GTK_WIDGET (popover), GTK_TYPE_LABEL, (gpointer) button_with_label_text,
                                          (gpointer) "docker rm ui-job"));
  berth_ui_save_png (GTK_WIDGET (popover), "history.png");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
}

/* The engine goes away: a banner says so; it comes back: the banner goes
 * and the lists are in sync again, by themselves. */
static void
test_disconnect_banner (void)
{
  if (window == NULL)
    return;
  if (g_getenv ("BERTH_TEST_ENGINE_CTL") == NULL)
    {
      g_test_skip ("BERTH_TEST_ENGINE_CTL is not set");
      return;
    }

  berth_window_show_page (window, BERTH_RESOURCE_KIND_CONTAINER);
  run_ctl ("stop", "--engine-only");
  berth_test_wait_until (berth_window_get_banner_revealed (window), 10000);
  berth_ui_save_png (GTK_WIDGET (window), "disconnected.png");

  run_ctl ("start", NULL);
  berth_test_wait_until (!berth_window_get_banner_revealed (window), 30000);
  berth_test_wait_until (container_row (web) != NULL, 5000);
  berth_test_wait_until (badge_text (web) != NULL, 5000);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = berth_ui_test_init (&argc, &argv);
  endpoint = berth_test_get_endpoint ();

  g_test_add_func ("/ui/unreachable", test_unreachable);
  g_test_add_func ("/ui/empty-pages", test_empty_pages);
  g_test_add_func ("/ui/live-lists", test_live_lists);
  g_test_add_func ("/ui/stop-button", test_stop_button);
  g_test_add_func ("/ui/row-menu", test_row_menu);
  g_test_add_func ("/ui/search", test_search);
  g_test_add_func ("/ui/show-stopped", test_show_stopped);
  g_test_add_func ("/ui/remove-with-confirmation", test_remove_with_confirmation);
  g_test_add_func ("/ui/builtin-network", test_builtin_network);
  g_test_add_func ("/ui/create-volume", test_create_volume);
  g_test_add_func ("/ui/create-network-refused", test_create_network_refused);
  g_test_add_func ("/ui/history", test_history);
  g_test_add_func ("/ui/disconnect-banner", test_disconnect_banner);

  status = g_test_run ();

  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&endpoint);
  g_clear_object (&app);
  return status;
}
