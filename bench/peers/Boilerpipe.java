/* bench/peers/Boilerpipe.java - boilerpipe's ArticleExtractor (Debian's
 * libboilerpipe-java) over the AEB pages in one long-lived JVM (driver for
 * bench/peers.sh; run as a single-file source program, no build step):
 *
 *   java -cp /usr/share/java/boilerpipe.jar:/usr/share/java/nekohtml.jar:\
 *        /usr/share/java/xercesImpl.jar bench/peers/Boilerpipe.java \
 *        MANIFEST OUT.json [PASSES]
 *
 * Same protocol as run.mjs: MANIFEST lines are id TAB url TAB path.html.gz;
 * each page is read and gunzipped untimed, ArticleExtractor.getText on the
 * UTF-8 string is timed; OUT gets the AEB predictions of the first pass,
 * stdout one JSON line with pages, failed, extract_s, loop_s and cpu_s
 * (the JVM's CPU time, JIT and GC threads too) of the fastest pass. AEB ran the same extractor through python-boilerpipe.
 */
import de.l3s.boilerpipe.extractors.ArticleExtractor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

public class Boilerpipe {
	static String gunzip(String path) throws IOException {
		try (InputStream in = new GZIPInputStream(Files.newInputStream(Paths.get(path)))) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			in.transferTo(out);
			return out.toString(StandardCharsets.UTF_8);
		}
	}

	/* A JSON string literal (UTF-8 written as is). */
	static void quote(StringBuilder b, String s) {
		b.append('"');
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c == '"' || c == '\\')
				b.append('\\').append(c);
			else if (c == '\n')
				b.append("\\n");
			else if (c < 0x20)
				b.append(String.format("\\u%04x", (int) c));
			else
				b.append(c);
		}
		b.append('"');
	}

	public static void main(String[] args) throws Exception {
		if (args.length < 2) {
			System.err.println("usage: Boilerpipe.java MANIFEST OUT [PASSES]");
			System.exit(2);
		}
		int passes = args.length > 2 ? Math.max(1, Integer.parseInt(args[2])) : 1;
		List<String[]> pages = new ArrayList<>();
		for (String line : Files.readAllLines(Paths.get(args[0]), StandardCharsets.UTF_8))
			if (!line.isEmpty())
				pages.add(line.split("\t", -1));
		Map<String, String> pred = new LinkedHashMap<>();
		com.sun.management.OperatingSystemMXBean os =
			(com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
		double bestExt = -1, bestLoop = 0, bestCpu = 0;
		int failed = 0;

		for (int p = 0; p < passes; p++) {
			long ext = 0, t0 = System.nanoTime(), c0 = os.getProcessCpuTime();
			for (String[] pg : pages) {
				String html = gunzip(pg[2]), text = "";
				long s = System.nanoTime();
				try {
					text = ArticleExtractor.INSTANCE.getText(html);
				} catch (Exception e) {
					if (p == 0) {
						failed++;
						System.err.println("boilerpipe: " + pg[0] + ": " + e);
					}
				}
				ext += System.nanoTime() - s;
				if (p == 0)
					pred.put(pg[0], text == null ? "" : text);
			}
			double loop = (System.nanoTime() - t0) / 1e9, e = ext / 1e9;
			double cpu = (os.getProcessCpuTime() - c0) / 1e9;
			if (bestExt < 0 || e < bestExt) {
				bestExt = e;
				bestLoop = loop;
				bestCpu = cpu;
			}
		}
		StringBuilder b = new StringBuilder("{");
		for (Map.Entry<String, String> e : pred.entrySet()) {
			if (b.length() > 1)
				b.append(",\n");
			quote(b, e.getKey());
			b.append(":{\"articleBody\":");
			quote(b, e.getValue());
			b.append('}');
		}
		b.append("}\n");
		try (Writer w = Files.newBufferedWriter(Paths.get(args[1]), StandardCharsets.UTF_8)) {
			w.write(b.toString());
		}
		System.out.printf(java.util.Locale.ROOT,
			"{\"pages\": %d, \"failed\": %d, \"extract_s\": %.6f, \"loop_s\": %.6f, \"cpu_s\": %.6f}%n",
			pages.size(), failed, bestExt, bestLoop, bestCpu);
	}
}
