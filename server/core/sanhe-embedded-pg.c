/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-embedded-pg"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "sanhe-error.h"

#include "sanhe-embedded-pg.h"

/*
 * The private cluster of a single-machine install:
 *
 *   DATA_DIR/server.lock   held (flock) by the one server using DATA_DIR
 *   DATA_DIR/pgdata/       the cluster, created by initdb on first start
 *   DATA_DIR/run/          its unix socket; TCP is off
 *   DATA_DIR/postgres.log  what postgres says
 *
 * postgres refuses to run as root, so a root server runs it as the
 * unprivileged "postgres" (or "sanhe") system user.
 */
struct _SanheEmbeddedPg
{
  char        *data_dir;
  char        *conninfo;
  int          lock_fd;
  GSubprocess *postgres;
};

#define DB_USER "sanhe"
#define DB_NAME "sanhe"

typedef struct
{
  uid_t uid;
  gid_t gid;
} RunAs;

static void
drop_privileges (gpointer user_data)
{
  RunAs *run_as = user_data;

  /* postgres must not outlive a server that crashed. */
  prctl (PR_SET_PDEATHSIG, SIGINT);

  if (run_as->uid == 0)
    return;
  if (setgroups (0, NULL) != 0 || setgid (run_as->gid) != 0 || setuid (run_as->uid) != 0)
    _exit (127);
}

static gboolean
find_run_as (RunAs   *run_as,
             GError **error)
{
  static const char * const candidates[] = { "postgres", "sanhe" };

  run_as->uid = 0;
  run_as->gid = 0;
  if (geteuid () != 0)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      struct passwd *pw = getpwnam (candidates[i]);

      if (pw != NULL)
        {
          run_as->uid = pw->pw_uid;
          run_as->gid = pw->pw_gid;
          return TRUE;
        }
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
               "PostgreSQL refuses to run as root and there is no “postgres” user. "
               "Create one with “useradd --system postgres”, or run as another user.");
  return FALSE;
}

static gboolean
make_dir_for (const char  *path,
              int          mode,
              const RunAs *run_as,
              GError     **error)
{
  if (g_mkdir_with_parents (path, mode) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot create %s: %s", path, g_strerror (saved));
      return FALSE;
    }

  if (run_as->uid != 0 && chown (path, run_as->uid, run_as->gid) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot give %s to the database user: %s", path, g_strerror (saved));
      return FALSE;
    }

  g_chmod (path, mode);
  return TRUE;
}

/* One server per data directory: a second one gets a clear refusal, and the
 * cluster never sees two postmasters racing for it. */
static int
take_lock (const char  *data_dir,
           GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, "server.lock", NULL);
  int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  g_autofree char *pid = NULL;

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot open %s: %s", path, g_strerror (saved));
      return -1;
    }

  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      char other[32] = "";
      ssize_t n = pread (fd, other, sizeof other - 1, 0);

      other[n > 0 ? n : 0] = '\0';
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                   "Another sanhe-server (pid %s) is already using the data directory %s. "
                   "Stop it first, or give this one another --data-dir.",
                   g_strstrip (other), data_dir);
      close (fd);
      return -1;
    }

  pid = g_strdup_printf ("%d\n", (int) getpid ());
  if (ftruncate (fd, 0) != 0 || pwrite (fd, pid, strlen (pid), 0) < 0)
    g_warning ("Cannot write the pid into %s", path);

  return fd;
}

static gboolean
run_tool (const RunAs         *run_as,
          const char * const  *argv,
          GError             **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                      G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *output = NULL;

  g_subprocess_launcher_set_child_setup (launcher, drop_privileges, (gpointer) run_as, NULL);
  /* The database user may not be allowed into the caller's current directory. */
  g_subprocess_launcher_set_cwd (launcher, "/");
  process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (process == NULL)
    return FALSE;

  if (!g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, error))
    return FALSE;

  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s failed:\n%s", argv[0], output);
      return FALSE;
    }

  return TRUE;
}

static gboolean
init_cluster (const char  *pgdata,
              const char  *pg_bindir,
              const RunAs *run_as,
              GError     **error)
{
  g_autofree char *initdb = g_build_filename (pg_bindir, "initdb", NULL);
  g_autofree char *version_file = g_build_filename (pgdata, "PG_VERSION", NULL);
  const char *argv[] = { initdb, "-D", pgdata, "-U", DB_USER, "-A", "trust",
                         "-E", "UTF8", "--locale=C.UTF-8", NULL };

  if (g_file_test (version_file, G_FILE_TEST_EXISTS))
    return TRUE;

  g_message ("Creating the database cluster in %s", pgdata);
  return run_tool (run_as, argv, error);
}

static GSubprocess *
start_postgres (const char  *data_dir,
                const char  *pg_bindir,
                const RunAs *run_as,
                GError     **error)
{
  g_autofree char *postgres = g_build_filename (pg_bindir, "postgres", NULL);
  g_autofree char *pgdata = g_build_filename (data_dir, "pgdata", NULL);
  g_autofree char *rundir = g_build_filename (data_dir, "run", NULL);
  g_autofree char *logfile = g_build_filename (data_dir, "postgres.log", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  const char *argv[] = { postgres, "-D", pgdata, "-k", rundir,
                         "-c", "listen_addresses=",
                         "-c", "unix_socket_permissions=0700",
                         "-c", "max_connections=100",
                         NULL };

  g_subprocess_launcher_set_child_setup (launcher, drop_privileges, (gpointer) run_as, NULL);
  g_subprocess_launcher_set_cwd (launcher, "/");
  g_subprocess_launcher_set_stdout_file_path (launcher, logfile);
  g_subprocess_launcher_set_stderr_file_path (launcher, logfile);
  return g_subprocess_launcher_spawnv (launcher, argv, error);
}

static gboolean
wait_until_ready (SanheEmbeddedPg  *pg,
                  const char       *admin_conninfo,
                  GError          **error)
{
  for (guint i = 0; i < 300; i++)
    {
      if (PQping (admin_conninfo) == PQPING_OK)
        return TRUE;

      if (g_subprocess_get_identifier (pg->postgres) == NULL)
        break;

      g_usleep (100 * G_TIME_SPAN_MILLISECOND);
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
               "The embedded PostgreSQL did not start; see %s/postgres.log.", pg->data_dir);
  return FALSE;
}

static gboolean
create_database (const char  *admin_conninfo,
                 GError     **error)
{
  PGconn *conn = PQconnectdb (admin_conninfo);
  PGresult *result;
  gboolean ok = FALSE;

  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", PQerrorMessage (conn));
      goto out;
    }

  result = PQexec (conn, "SELECT 1 FROM pg_database WHERE datname = '" DB_NAME "'");
  ok = PQresultStatus (result) == PGRES_TUPLES_OK;
  if (ok && PQntuples (result) == 0)
    {
      PQclear (result);
      result = PQexec (conn, "CREATE DATABASE " DB_NAME);
      ok = PQresultStatus (result) == PGRES_COMMAND_OK;
    }
  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", PQerrorMessage (conn));
  PQclear (result);

out:
  PQfinish (conn);
  return ok;
}

SanheEmbeddedPg *
sanhe_embedded_pg_start (const char  *data_dir,
                         const char  *pg_bindir,
                         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *pgdata = g_build_filename (data_dir, "pgdata", NULL);
  g_autofree char *rundir = g_build_filename (data_dir, "run", NULL);
  g_autofree char *admin_conninfo = NULL;
  SanheEmbeddedPg *pg;
  RunAs run_as;

  if (!find_run_as (&run_as, error))
    return NULL;

  if (g_mkdir_with_parents (data_dir, 0755) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot create the data directory %s: %s",
                   data_dir, g_strerror (errno));
      return NULL;
    }

  pg = g_new0 (SanheEmbeddedPg, 1);
  pg->data_dir = g_strdup (data_dir);
  pg->lock_fd = take_lock (data_dir, error);
  if (pg->lock_fd < 0)
    goto fail;

  if (!make_dir_for (pgdata, 0700, &run_as, error) ||
      !make_dir_for (rundir, 0700, &run_as, error) ||
      !init_cluster (pgdata, pg_bindir, &run_as, error))
    goto fail;

  pg->postgres = start_postgres (data_dir, pg_bindir, &run_as, error);
  if (pg->postgres == NULL)
    goto fail;

  admin_conninfo = g_strdup_printf ("host=%s dbname=postgres user=" DB_USER, rundir);
  if (!wait_until_ready (pg, admin_conninfo, error) || !create_database (admin_conninfo, error))
    goto fail;

  pg->conninfo = g_strdup_printf ("host=%s dbname=" DB_NAME " user=" DB_USER, rundir);
  return pg;

fail:
  sanhe_embedded_pg_stop (pg);
  return NULL;
}

const char *
sanhe_embedded_pg_get_conninfo (SanheEmbeddedPg *pg)
{
  return pg->conninfo;
}

/* Fast shutdown: open transactions roll back, the cluster is left clean. */
void
sanhe_embedded_pg_stop (SanheEmbeddedPg *pg)
{
  if (pg == NULL)
    return;

  if (pg->postgres != NULL)
    {
      g_subprocess_send_signal (pg->postgres, SIGINT);
      g_subprocess_wait (pg->postgres, NULL, NULL);
      g_clear_object (&pg->postgres);
    }

  if (pg->lock_fd >= 0)
    close (pg->lock_fd);

  g_free (pg->conninfo);
  g_free (pg->data_dir);
  g_free (pg);
}

char *
sanhe_embedded_pg_default_data_dir (void)
{
  /* /root is 0700: the database user could not reach a cluster under it. */
  if (geteuid () == 0)
    return g_strdup ("/var/lib/sanhe");
  return g_build_filename (g_get_user_data_dir (), "sanhe", NULL);
}
