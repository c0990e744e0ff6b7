/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-oa"

/*
 * CPU time of the server and of PostgreSQL (the postmaster and all its
 * children) from /proc: per-decision CPU survives a machine shared with
 * other work better than decisions per second do.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench-oa.h"

/* utime + stime of /proc/@pid/stat in clock ticks, and its parent; FALSE
 * when the process is gone. */
static gboolean
read_stat (const char *pid,
           gint64     *ticks,
           gint64     *parent)
{
  g_autofree char *path = g_build_filename ("/proc", pid, "stat", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  /* The name in parentheses may hold spaces: count fields after its end. */
  after_name = strrchr (text, ')');
  if (after_name == NULL)
    return FALSE;
  fields = g_strsplit (after_name + 2, " ", 0);
  /* state ppid … utime (field 14 of stat, 12th here) stime (13th) */
  if (g_strv_length (fields) < 13)
    return FALSE;
  *parent = g_ascii_strtoll (fields[1], NULL, 10);
  *ticks = g_ascii_strtoll (fields[11], NULL, 10) + g_ascii_strtoll (fields[12], NULL, 10);
  return TRUE;
}

/* Microseconds of CPU used so far by the server and by PostgreSQL; both
 * 0 when no pids were given. */
void
bench_cpu_sample (BenchOa *oa,
                  gint64  *server_us,
                  gint64  *database_us)
{
  g_autoptr(GDir) dir = NULL;
  gint64 hz = sysconf (_SC_CLK_TCK);
  gint64 server = 0, database = 0, ticks, parent;
  const char *name;

  *server_us = *database_us = 0;
  if (oa->server_pid <= 0 || oa->postmaster_pid <= 0 || (dir = g_dir_open ("/proc", 0, NULL)) == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      gint64 pid = g_ascii_strtoll (name, NULL, 10);

      if (pid <= 0 || !read_stat (name, &ticks, &parent))
        continue;
      if (pid == oa->server_pid)
        server += ticks;
      else if (pid == oa->postmaster_pid || parent == oa->postmaster_pid)
        database += ticks;
    }
  *server_us = server * G_USEC_PER_SEC / MAX (hz, 1);
  *database_us = database * G_USEC_PER_SEC / MAX (hz, 1);
}
