/* Replays corpora through a fuzz target without libFuzzer, so that every
 * build (gcc included) runs the committed inputs: each argument is a file
 * or a directory of files, fed to LLVMFuzzerTestOneInput one by one. A
 * broken invariant aborts, which fails the test. */
#include "fuzz.h"

#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

static size_t replayed;

static void replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(1);
	}
	uint8_t *data = NULL;
	size_t size = 0, cap = 0;
	for (;;) {
		if (size == cap) {
			cap = cap ? 2 * cap : 4096;
			uint8_t *grown = realloc(data, cap);
			if (!grown)
				abort();
			data = grown;
		}
		size_t got = fread(data + size, 1, cap - size, f);
		size += got;
		if (got == 0)
			break;
	}
	fclose(f);
	fprintf(stderr, "replay %s (%zu bytes)\n", path, size);
	/* a copy of exactly @size bytes, so that ASan sees any read past it */
	uint8_t *exact = malloc(size ? size : 1);
	if (!exact)
		abort();
	memcpy(exact, data, size);
	free(data);
	LLVMFuzzerTestOneInput(exact, size);
	free(exact);
	replayed++;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files of @dir in name order, so that runs are repeatable. */
static void replay_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		perror(dir);
		exit(1);
	}
	char **names = NULL;
	size_t count = 0;
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		if (e->d_name[0] == '.')
			continue;
		char **grown = realloc(names, (count + 1) * sizeof(*names));
		size_t len = strlen(dir) + strlen(e->d_name) + 2;
		if (!grown || !(grown[count] = malloc(len)))
			abort();
		names = grown;
		snprintf(names[count++], len, "%s/%s", dir, e->d_name);
	}
	closedir(d);
	qsort(names, count, sizeof(*names), by_name);
	for (size_t i = 0; i < count; i++) {
		replay_file(names[i]);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			return 1;
		}
		if (S_ISDIR(st.st_mode))
			replay_dir(argv[i]);
		else
			replay_file(argv[i]);
	}
	fprintf(stderr, "%zu inputs replayed\n", replayed);
	return replayed ? 0 : 1;
}
