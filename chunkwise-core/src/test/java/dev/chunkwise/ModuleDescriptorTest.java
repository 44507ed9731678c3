package dev.chunkwise;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The compiled module descriptor of chunkwise-core (the {@code module-info.class} next to the
 * classes), read as the module system reads it: the API package is exported, the internals only
 * to chunkwise-jpa, and the core needs nothing beyond the JDK's {@code java.sql}.
 */
class ModuleDescriptorTest {

    @Test
    void exportsTheApiPackageToEveryoneAndTheInternalsOnlyToChunkwiseJpa() {
        ModuleDescriptor descriptor = descriptor();

        assertThat(descriptor.exports())
                .filteredOn(export -> !export.isQualified())
                .extracting(ModuleDescriptor.Exports::source)
                .containsExactly("dev.chunkwise");
        assertThat(descriptor.exports())
                .filteredOn(ModuleDescriptor.Exports::isQualified)
                .extracting(ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::targets)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("dev.chunkwise.internal", Set.of("dev.chunkwise.jpa")));
        assertThat(descriptor.opens()).isEmpty();
        assertThat(descriptor.packages()).contains("dev.chunkwise.internal");
    }

    @Test
    void requiresNothingButJavaBaseAndJavaSql() {
        Set<String> required = descriptor().requires().stream()
                .map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toSet());

        assertThat(required).containsExactlyInAnyOrder("java.base", "java.sql");
    }

    @Test
    void isNamedDevChunkwise() {
        assertThat(descriptor().name()).isEqualTo("dev.chunkwise");
    }

    private static ModuleDescriptor descriptor() {
        Path classes = classesDirectory();
        assertThat(classes.resolve("module-info.class"))
                .as("compiled module descriptor")
                .exists();
        Set<ModuleReference> found = ModuleFinder.of(classes).findAll();
        assertThat(found).hasSize(1);
        return found.iterator().next().descriptor();
    }

    /** The directory (target/classes) or jar the main classes were loaded from. */
    private static Path classesDirectory() {
        try {
            Path location = Path.of(Scan.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            assertThat(Files.exists(location)).isTrue();
            return location;
        } catch (URISyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
