/*
 * The machine's floor for `bench/run looping`: the plainest precise loop Linux offers, in C with no runtime around
 * it. One timerfd armed for an absolute deadline on the loop's grid (origin + k × interval) and a blocking read() a
 * period, for S seconds; the start of each period is read from CLOCK_MONOTONIC right after the read returns.
 *
 * The looping scenario compiles it (cc -O2) and runs it at the same time as our loop, so both see the same minute:
 * a period error this loop has too is the host's wake-up latency (virtual CPUs, other tenants), not the looping
 * call's. Prints the same `metric=value` lines as bench/peers/looping_oslo.py: drift_runs, period_err_p99_ms,
 * period_err_max_ms, cpu_pct, runs.
 *
 * usage: looping_floor --seconds S --interval-ms I
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static double cpu_seconds(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + (double)(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    double seconds = 60, interval_ms = 10;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--seconds") == 0) {
            seconds = atof(argv[i + 1]);
        } else if (strcmp(argv[i], "--interval-ms") == 0) {
            interval_ms = atof(argv[i + 1]);
        } else {
            fprintf(stderr, "looping_floor: unknown option %s\n", argv[i]);
            return 2;
        }
    }

    int64_t interval_ns = (int64_t)(interval_ms * 1e6);
    long periods = (long)(seconds * 1000 / interval_ms);
    if (interval_ns <= 0 || periods < 2) {
        fprintf(stderr, "looping_floor: expected a positive interval and at least two periods\n");
        return 2;
    }

    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    int64_t *starts = malloc(sizeof *starts * (size_t)periods);
    double *errors = malloc(sizeof *errors * (size_t)periods);
    if (fd < 0 || starts == NULL || errors == NULL) {
        perror("looping_floor");
        return 1;
    }

    double cpu0 = cpu_seconds();
    int64_t origin = now_ns();
    for (long k = 1; k <= periods; k++) {
        int64_t deadline = origin + k * interval_ns;
        struct itimerspec spec = { .it_value = { .tv_sec = deadline / 1000000000, .tv_nsec = deadline % 1000000000 } };
        uint64_t expirations;
        if (timerfd_settime(fd, TFD_TIMER_ABSTIME, &spec, NULL) != 0
            || read(fd, &expirations, sizeof expirations) != (ssize_t)sizeof expirations) {
            perror("looping_floor: timerfd");
            return 1;
        }

        starts[k - 1] = now_ns();
    }

    int64_t stopped_at = now_ns();
    double cpu = cpu_seconds() - cpu0;
    double interval_s = interval_ms / 1000;
    long n = periods - 1;
    for (long i = 0; i < n; i++) {
        errors[i] = fabs((double)(starts[i + 1] - starts[i]) / 1e9 - interval_s);
    }

    qsort(errors, (size_t)n, sizeof *errors, compare);
    /* Runs expected between the first and the last start, as looping_oslo.py counts them. */
    long expected = lround((double)(starts[periods - 1] - starts[0]) / 1e9 / interval_s) + 1;
    printf("drift_runs=%ld\n", expected - periods);
    printf("period_err_p99_ms=%.4f\n", 1000 * errors[lround(0.99 * (double)(n - 1))]);
    printf("period_err_max_ms=%.4f\n", 1000 * errors[n - 1]);
    printf("cpu_pct=%.4f\n", 100 * cpu / ((double)(stopped_at - origin) / 1e9));
    printf("runs=%ld\n", periods);
    return 0;
}
