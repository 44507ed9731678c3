package dev.chunkwise.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The resume file of {@code export --parallel N}: the partitioning (each partition's token, so a
 * resume runs the same key ranges and never partitions again), and per partition where its file
 * stands: the position after its last written row, its rows, chunks and file length, and whether it
 * is finished. Saved as {@link ResumeFile} is (a temporary file forced to disk and renamed over the
 * old one) after every chunk of any partition.
 *
 * <p>Thread-safe: the workers of the partitions save their states through one instance.
 */
final class ParallelResumeFile {

    /**
     * Where one partition stands.
     *
     * @param token the partition's token ({@code ScanPartition.token()})
     * @param position the position token after its last written row, or null before its first chunk
     * @param rows rows written to its file so far, over all runs
     * @param chunks chunks written so far
     * @param bytes its file's length after the last written row (0 before its first chunk)
     * @param done whether the partition is finished
     */
    record Partition(String token, String position, long rows, long chunks, long bytes, boolean done) {}

    /**
     * One saved state.
     *
     * @param requested the N of {@code --parallel N} (the partitions may be fewer)
     * @param format the output format
     * @param layout how the files are written, as {@link ExportCommand#layout} says
     */
    record State(int requested, Format format, String layout, List<Partition> partitions) {}

    private static final String HEADER =
            "chunkwise parallel export resume file: written after every chunk; do not edit";

    private final Path path;
    private final Path temporary;
    private State state;

    ParallelResumeFile(Path path) {
        this.path = path;
        this.temporary = path.resolveSibling(path.getFileName() + ".tmp");
    }

    Path path() {
        return path;
    }

    /**
     * The saved state, empty when the file does not exist.
     *
     * @throws BadInputException when the file is not the resume file of a parallel export
     */
    Optional<State> read() {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        state = ResumeFile.parse(path, properties -> {
            if (properties.getProperty("partitions") == null && properties.getProperty("position") != null) {
                throw new BadInputException("the resume file " + path + " belongs to an export without --parallel:"
                        + " continue it with the options it was started with.");
            }
            String requested = properties.getProperty("parallel");
            String count = properties.getProperty("partitions");
            String format = properties.getProperty("format");
            if (requested == null || count == null || format == null) {
                throw new BadInputException("the resume file " + path + " is not a chunkwise resume file.");
            }
            List<Partition> partitions = new ArrayList<>();
            for (int i = 0; i < Integer.parseInt(count); i++) {
                String prefix = "partition." + i + ".";
                String token = properties.getProperty(prefix + "token");
                if (token == null) {
                    throw new BadInputException("the resume file " + path + " is not a chunkwise resume file (it"
                            + " lacks partition " + i + ").");
                }
                partitions.add(new Partition(
                        token,
                        properties.getProperty(prefix + "position"),
                        Long.parseLong(properties.getProperty(prefix + "rows", "0")),
                        Long.parseLong(properties.getProperty(prefix + "chunks", "0")),
                        Long.parseLong(properties.getProperty(prefix + "bytes", "0")),
                        Boolean.parseBoolean(properties.getProperty(prefix + "done", "false"))));
            }
            return new State(
                    Integer.parseInt(requested),
                    Format.valueOf(format),
                    properties.getProperty("layout"),
                    List.copyOf(partitions));
        });
        return Optional.of(state);
    }

    /** Saves a whole state: the first save of a new parallel export, before any partition runs. */
    synchronized void save(State whole) {
        state = whole;
        write();
    }

    /** Replaces one partition's entry and saves. */
    synchronized void save(int index, Partition partition) {
        List<Partition> partitions = new ArrayList<>(state.partitions());
        partitions.set(index, partition);
        state = new State(state.requested(), state.format(), state.layout(), List.copyOf(partitions));
        write();
    }

    /** Marks one partition finished and saves. */
    synchronized void finish(int index) {
        Partition was = state.partitions().get(index);
        save(index, new Partition(was.token(), was.position(), was.rows(), was.chunks(), was.bytes(), true));
    }

    synchronized Partition partition(int index) {
        return state.partitions().get(index);
    }

    private void write() {
        StringBuilder text = new StringBuilder("# " + HEADER + "\nversion=1\n");
        text.append("parallel=").append(state.requested()).append('\n');
        text.append("partitions=").append(state.partitions().size()).append('\n');
        text.append("format=").append(state.format().name()).append('\n');
        text.append(ResumeFile.property("layout", state.layout()));
        for (int i = 0; i < state.partitions().size(); i++) {
            Partition partition = state.partitions().get(i);
            String prefix = "partition." + i + ".";
            text.append(prefix).append("token=").append(partition.token()).append('\n');
            if (partition.position() != null) {
                text.append(prefix)
                        .append("position=")
                        .append(partition.position())
                        .append('\n');
            }
            text.append(prefix).append("rows=").append(partition.rows()).append('\n');
            text.append(prefix).append("chunks=").append(partition.chunks()).append('\n');
            text.append(prefix).append("bytes=").append(partition.bytes()).append('\n');
            text.append(prefix).append("done=").append(partition.done()).append('\n');
        }
        ResumeFile.replace(path, temporary, text.toString());
    }

    /** Removes the file: the export it belonged to is finished. */
    void delete() {
        ResumeFile.delete(path, temporary);
    }

    /**
     * One partition's view of this file, as {@link Exporter} writes a resume file: each save records
     * the partition's position, rows and file length; the end of its run marks it finished.
     */
    ResumeFile slot(int index) {
        ParallelResumeFile whole = this;
        return new ResumeFile(path) {
            @Override
            void save(ResumeFile.State saved) {
                whole.save(
                        index,
                        new Partition(
                                whole.partition(index).token(),
                                saved.token(),
                                saved.rows(),
                                saved.chunks(),
                                saved.outputBytes(),
                                false));
            }

            @Override
            void delete() {
                whole.finish(index);
            }
        };
    }
}
