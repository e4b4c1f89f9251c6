package io.ably4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ably4j.emulator.internal.Frame;
import io.ably4j.emulator.internal.Wire;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The web console in a real browser (issue 15 §3): headless Chromium loads the page, shows a connection made by a
 * test client, and a click on its Drop button drops it.
 *
 * <p>Chromium is Debian's {@code chromium}, installed by {@code console/install-chromium.sh} (test resources) where
 * it is missing and the test runs as root with apt-get and a network (as in CI); elsewhere the test is skipped with
 * the reason. {@code -Dably4j.chromium=PATH} picks another Chromium-based browser.
 *
 * <p>"The screenshot shows the connection's id", without OCR: the id is rendered in its own element; the test reads
 * the element's text and box at the moment of the screenshot (the box must lie inside the viewport), then renders
 * the same page with that element's text emptied and with another string of the same length, and compares the
 * box's pixels: the saved screenshot's box differs from both and equals a second render of the id. So the pixels in
 * the box are those the id string produces, not background or any other text. The screenshots are saved under
 * {@code target/console-*.png}.
 */
class ConsoleBrowserTest {
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 900;
    private static Path browser;

    @BeforeAll
    static void locateBrowser() throws Exception {
        HeadlessChromium.Result<Path> found = HeadlessChromium.locate();
        assumeTrue(
                found.value() != null,
                () -> "Skipping the web console browser test: " + found.why()
                        + " (install Debian's 'chromium' package or pass -Dably4j.chromium=PATH)");
        browser = Objects.requireNonNull(found.value());
    }

    @Test
    @Timeout(60)
    void consoleShowsATestClientsConnectionAndItsDropButtonDropsIt() throws Exception {
        try (Emulator emu = Emulator.builder().console(true).build();
                WsClient client = WsClient.connect(emu, "clientId", "console-test-client");
                HeadlessChromium chrome = HeadlessChromium.launch(browser, WIDTH, HEIGHT)) {
            String id = connectionId(client);
            String row = "document.querySelector('tr[data-connection-id=" + js(id) + "]')";
            String idCell = row + ".querySelector('.conn-id')";

            chrome.navigate(emu.consoleUri());
            chrome.awaitTrue(row + " && " + idCell + ".textContent === " + js(id));
            assertThat(chrome.eval(row + ".textContent")).asString().contains("console-test-client", "connected");

            // The id's box at the moment of the screenshot, inside the viewport.
            Box box = box(chrome, idCell);
            byte[] png = chrome.screenshot();
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target", "console-connected.png"), png);
            BufferedImage shot = decode(png);
            assertThat(shot.getWidth())
                    .isEqualTo(((Number) Objects.requireNonNull(chrome.eval("innerWidth"))).intValue());
            assertThat(box.x0).isGreaterThanOrEqualTo(0);
            assertThat(box.y0).isGreaterThanOrEqualTo(0);
            assertThat(box.x1).isLessThanOrEqualTo(shot.getWidth());
            assertThat(box.y1).isLessThanOrEqualTo(shot.getHeight());
            assertThat(box.x1 - box.x0).isGreaterThan(id.length()); // at least a pixel per character
            assertThat(chrome.eval(idCell + ".textContent")).isEqualTo(id);

            int[] withId = pixels(shot, box);
            int[] empty = pixels(renderWithText(chrome, idCell, ""), box);
            int[] other = pixels(renderWithText(chrome, idCell, substitute(id)), box);
            int[] again = pixels(renderWithText(chrome, idCell, id), box);
            assertThat(withId).as("the id's box holds ink, not background").isNotEqualTo(empty);
            assertThat(withId)
                    .as("the id's box shows this id, not another string")
                    .isNotEqualTo(other);
            assertThat(withId)
                    .as("rendering the id again gives the same pixels")
                    .isEqualTo(again);

            // A real click on the row's Drop button.
            Box drop = box(chrome, row + ".querySelector('button.drop')");
            chrome.click((drop.left + drop.right) / 2, (drop.top + drop.bottom) / 2);

            assertThat(client.awaitClosed())
                    .as("the test client's transport was dropped")
                    .isNotNull();
            emu.events()
                    .await(
                            e -> e.type() == EmulatorEvent.Type.FAULT
                                    && id.equals(e.connectionId())
                                    && e.detail().startsWith("drop"),
                            Duration.ofSeconds(10));
            chrome.awaitTrue(row + " && " + row + ".textContent.includes('awaiting resume')");
            chrome.awaitTrue("document.getElementById('last-action').textContent.includes('/drop')");
            Files.write(Path.of("target", "console-after-drop.png"), chrome.screenshot());
        }
    }

    /**
     * Sets the element's text and takes a screenshot, retrying when the page re-rendered in between (it refreshes
     * its tables every second, which would restore the text).
     */
    private static BufferedImage renderWithText(HeadlessChromium chrome, String element, String text) throws Exception {
        for (int attempt = 0; attempt < 10; attempt++) {
            Object before = chrome.eval("(() => { " + element + ".textContent = " + js(text)
                    + "; return document.body.dataset.rendered; })()");
            byte[] png = chrome.screenshot();
            Object after = chrome.eval("(() => " + element + ".textContent === " + js(text)
                    + " ? document.body.dataset.rendered : 'changed')()");
            if (Objects.equals(before, after)) {
                return decode(png);
            }
        }
        throw new AssertionError("the page kept re-rendering while the test changed it");
    }

    private static String connectionId(WsClient client) throws InterruptedException {
        Frame connected = client.await(Frame.CONNECTED);
        return Objects.requireNonNull(connected.string("connectionId"), "connectionId");
    }

    /** Every character replaced by another one, so the string differs at each position but has the same length. */
    private static String substitute(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            sb.append(s.charAt(i) == 'W' ? 'M' : 'W');
        }
        return sb.toString();
    }

    private static String js(String s) {
        return Wire.encodeJson(s);
    }

    private static Box box(HeadlessChromium chrome, String element) throws Exception {
        Object r = chrome.eval("(() => { const r = " + element
                + ".getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })()");
        if (!(r instanceof java.util.List<?> v)) {
            throw new AssertionError("no box for " + element + ": " + r);
        }
        return new Box(num(v.get(0)), num(v.get(1)), num(v.get(2)), num(v.get(3)));
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        return Objects.requireNonNull(ImageIO.read(new ByteArrayInputStream(png)), "not a PNG");
    }

    private static int[] pixels(BufferedImage img, Box b) {
        return img.getRGB(b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0, null, 0, b.x1 - b.x0);
    }

    /** An element's box in CSS pixels (= screenshot pixels at scale 1), and the whole pixels covering it. */
    private record Box(double left, double top, double right, double bottom, int x0, int y0, int x1, int y1) {
        Box(double left, double top, double right, double bottom) {
            this(left, top, right, bottom, (int) Math.floor(left), (int) Math.floor(top), (int) Math.ceil(right), (int)
                    Math.ceil(bottom));
        }
    }

    static {
        // Keeps ImageIO from looking for a display.
        System.setProperty("java.awt.headless", "true");
    }
}
