import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Writes a class path a class-data-sharing archive can be made for, which takes only jar files: the JVM
 * refuses a non-empty directory on it, and DynamoDBLocal.jar's manifest Class-Path starts with "." (its
 * own folder). Run once per machine, next to the compiled launcher:
 *   CdsClassPath <DynamoDBLocal.jar> <folder with the launcher's classes = output folder>
 * Output: launcher.jar (the launcher's classes), dynamodb-local.jar (DynamoDBLocal.jar without the
 * Class-Path attribute) and classpath.txt (the jars that attribute named, absolute, in its order).
 */
public final class CdsClassPath {
  public static void main(String[] args) throws IOException {
    Path jar = Path.of(args[0]).toAbsolutePath();
    Path out = Path.of(args[1]).toAbsolutePath();
    List<String> dependencies = new ArrayList<>();
    try (JarFile in = new JarFile(jar.toFile())) {
      Manifest manifest = new Manifest(in.getManifest());
      String classPath = manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
      manifest.getMainAttributes().remove(Attributes.Name.CLASS_PATH);
      if (classPath != null) {
        for (String entry : classPath.trim().split("\\s+")) {
          Path p = jar.getParent().resolve(entry);
          if (entry.endsWith(".jar") && Files.isRegularFile(p)) dependencies.add(p.toString());
        }
      }
      try (JarOutputStream o = new JarOutputStream(Files.newOutputStream(out.resolve("dynamodb-local.jar")), manifest)) {
        for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements(); ) {
          JarEntry entry = e.nextElement();
          if (entry.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) continue;
          o.putNextEntry(new JarEntry(entry.getName()));
          try (InputStream s = in.getInputStream(entry)) {
            s.transferTo(o);
          }
          o.closeEntry();
        }
      }
    }
    try (JarOutputStream o = new JarOutputStream(Files.newOutputStream(out.resolve("launcher.jar")));
        Stream<Path> files = Files.list(out)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class")).sorted()::iterator) {
        o.putNextEntry(new JarEntry(f.getFileName().toString()));
        Files.copy(f, o);
        o.closeEntry();
      }
    }
    Files.write(out.resolve("classpath.txt"), dependencies);
  }
}
