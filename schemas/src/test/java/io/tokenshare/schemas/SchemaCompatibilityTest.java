package io.tokenshare.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * Every schema change must stay BACKWARD compatible with the last released version: the current
 * schema (reader) must read data written with the released one (writer), so that a new app version can
 * read the topics and changelogs that the old one wrote. A release copies src/main/avro into
 * src/test/resources/released/&lt;version&gt;/.
 */
class SchemaCompatibilityTest {

    private static final Path MODULE = Path.of(System.getProperty("basedir", "."));
    private static final Path CURRENT = MODULE.resolve("src/main/avro");
    private static final Path RELEASES = MODULE.resolve("src/test/resources/released");

    @Test
    void everyCurrentSchemaReadsDataWrittenWithTheLatestRelease() {
        Path release = latestRelease(RELEASES);
        Map<String, Schema> released = AvscFiles.parseFolder(release);
        Map<String, Schema> current = AvscFiles.parseFolder(CURRENT);

        List<String> problems = new ArrayList<>();
        released.forEach((name, releasedSchema) -> {
            Schema currentSchema = current.get(name);
            if (currentSchema == null) {
                problems.add(name + " was released in " + release.getFileName() + " but is gone from " + CURRENT
                        + ": data written with it could no longer be read");
            } else {
                backwardProblems(currentSchema, releasedSchema).forEach(p -> problems.add(name + ": " + p));
            }
        });

        assertThat(released).as("schemas released in %s", release).isNotEmpty();
        assertThat(problems)
                .as(
                        "current schemas that cannot read data written with release %s; make the change compatible "
                                + "(new fields need a default, no type narrowing, no removed enum symbol without a default)",
                        release.getFileName())
                .isEmpty();
    }

    @Test
    void everyFieldAndNamedTypeHasADoc() {
        List<String> undocumented = new ArrayList<>();
        AvscFiles.parseFolder(CURRENT).values().forEach(schema -> undocumented.addAll(undocumented(schema)));

        assertThat(undocumented)
                .as("fields and types without a doc: say what each means")
                .isEmpty();
    }

    @Test
    void aNewRequiredFieldWithoutDefaultIsCaught() {
        Schema released = AvscFiles.parseFolder(CURRENT).get("io.tokenshare.avro.TokenUsageEvent");
        Schema changed = withExtraField(
                released,
                new Schema.Field("region", Schema.create(Schema.Type.STRING), "Region of the gateway.", (Object) null));

        assertThat(backwardProblems(changed, released))
                .singleElement()
                .asString()
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE", "region");
    }

    @Test
    void aNewFieldWithDefaultIsAccepted() {
        Schema released = AvscFiles.parseFolder(CURRENT).get("io.tokenshare.avro.TokenUsageEvent");
        Schema optionalString = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
        Schema changed = withExtraField(
                released,
                new Schema.Field("region", optionalString, "Region of the gateway.", Schema.Field.NULL_DEFAULT_VALUE));

        assertThat(backwardProblems(changed, released)).isEmpty();
    }

    @Test
    void aNarrowedFieldTypeIsCaught() {
        Schema writer = record(new Schema.Field("tokens", Schema.create(Schema.Type.LONG), "Tokens.", (Object) null));
        Schema reader = record(new Schema.Field("tokens", Schema.create(Schema.Type.INT), "Tokens.", (Object) null));

        assertThat(backwardProblems(reader, writer))
                .singleElement()
                .asString()
                .contains("TYPE_MISMATCH", "/fields/0/type", "INT", "LONG");
    }

    @Test
    void anUndocumentedFieldIsCaught() {
        Schema schema = record(new Schema.Field("tokens", Schema.create(Schema.Type.LONG), null, (Object) null));

        assertThat(undocumented(schema)).containsExactly("field io.tokenshare.test.Probe.tokens");
    }

    @Test
    void theLatestReleaseIsTheHighestVersionNumberNotTheLastInAlphabeticalOrder() throws IOException {
        Path releases = Files.createTempDirectory("releases");
        try {
            for (String version : List.of("0.9.0", "0.10.0", "0.2.5")) {
                Files.createDirectory(releases.resolve(version));
            }
            assertThat(latestRelease(releases).getFileName()).hasToString("0.10.0");
        } finally {
            try (Stream<Path> paths = Files.walk(releases)) {
                paths.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Why data written with {@code writer} cannot be read with {@code reader}; empty when it can. */
    private static List<String> backwardProblems(Schema reader, Schema writer) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        return result.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                .toList();
    }

    /** The fields and named types reachable from {@code schema} that have no doc. */
    private static List<String> undocumented(Schema schema) {
        List<String> found = new ArrayList<>();
        collectUndocumented(schema, new HashSet<>(), found);
        return found;
    }

    private static void collectUndocumented(Schema schema, Set<String> seen, List<String> found) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                requireDoc(schema.getDoc(), "record " + schema.getFullName(), found);
                for (Schema.Field field : schema.getFields()) {
                    requireDoc(field.doc(), "field " + schema.getFullName() + "." + field.name(), found);
                    collectUndocumented(field.schema(), seen, found);
                }
            }
            case ENUM, FIXED -> {
                if (seen.add(schema.getFullName())) {
                    requireDoc(schema.getDoc(), schema.getType().getName() + " " + schema.getFullName(), found);
                }
            }
            case UNION -> schema.getTypes().forEach(branch -> collectUndocumented(branch, seen, found));
            case ARRAY -> collectUndocumented(schema.getElementType(), seen, found);
            case MAP -> collectUndocumented(schema.getValueType(), seen, found);
            default -> {
                // primitives carry no doc
            }
        }
    }

    private static void requireDoc(String doc, String what, List<String> found) {
        if (doc == null || doc.isBlank()) {
            found.add(what);
        }
    }

    private static Schema withExtraField(Schema base, Schema.Field extra) {
        List<Schema.Field> fields = new ArrayList<>();
        base.getFields().forEach(field -> fields.add(new Schema.Field(field, field.schema())));
        fields.add(extra);
        return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
    }

    private static Schema record(Schema.Field field) {
        return Schema.createRecord("Probe", "A probe record.", "io.tokenshare.test", false, List.of(field));
    }

    private static Path latestRelease(Path releases) {
        try (Stream<Path> folders = Files.list(releases)) {
            return folders.filter(Files::isDirectory)
                    .max(Comparator.comparing(folder -> versionOf(folder), SchemaCompatibilityTest::compareVersions))
                    .orElseThrow(() -> new IllegalStateException("No released schema folder under " + releases
                            + ": a release copies src/main/avro to released/<version>/"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] versionOf(Path folder) {
        String name = folder.getFileName().toString();
        try {
            return Arrays.stream(name.split("\\.")).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalStateException(
                    "Released schema folder " + folder + " is not named by a version like 0.1.0", e);
        }
    }

    private static int compareVersions(int[] left, int[] right) {
        return Arrays.compare(left, right);
    }
}
