package dev.hubcrm.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The deployed jar carries only part of Lucene (the shade filters of functions/pom.xml): search text
 * is analysed from {@code target/notes-api.jar} alone, in a class loader that sees nothing else, as
 * Lambda loads it. Every function jar has the same Lucene classes.
 */
class ShadedJarSearchTextIT {

    @Test
    @SuppressWarnings("unchecked")
    void theShadedJarFoldsAndCutsWords() throws Throwable {
        Path jar = Path.of("target", "notes-api.jar");
        assertThat(jar).exists();
        try (URLClassLoader lambda = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> searchText = lambda.loadClass("dev.hubcrm.common.SearchText");
            Set<String> words = (Set<String>) MethodHandles.publicLookup()
                    .findStatic(searchText, "words", MethodType.methodType(Set.class, String.class))
                    .invoke("L'été chez Søren, Straße Łąka");
            String folded = (String) MethodHandles.publicLookup()
                    .findStatic(searchText, "fold", MethodType.methodType(String.class, String.class))
                    .invoke("Ferme de l'Étang Weiß");

            assertThat(words).containsExactly("ete", "chez", "soren", "strasse", "laka", "lete");
            assertThat(folded).isEqualTo("ferme de l'etang weiss");
        }
    }
}
