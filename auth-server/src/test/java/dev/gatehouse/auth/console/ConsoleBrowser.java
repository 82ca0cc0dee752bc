package dev.gatehouse.auth.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

import dev.gatehouse.auth.testing.NoSecretsInOutput;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, as an admin's browser on the console: pages
 * opened and forms submitted one at a time, each page checked against the console's Content-Security-Policy
 * (its stylesheet and script from {@code /console-assets}, no inline script, no violation reported), and
 * screenshots under {@code target/screenshots}. Nothing is downloaded: both binaries are given explicitly, so
 * Selenium Manager never runs.
 */
final class ConsoleBrowser implements AutoCloseable {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	/** What to install when a binary is missing. */
	static final String INSTALL = "install the Debian packages chromium and chromium-driver "
			+ "(apt-get install chromium chromium-driver)";

	private static final Duration WAIT = Duration.ofSeconds(15);

	/** Runs before any page script: records what the CSP refused, where a test can read it. */
	private static final String RECORD_VIOLATIONS = "window.__cspViolations = [];"
			+ "document.addEventListener('securitypolicyviolation', function (e) {"
			+ " window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')); });";

	private static final String PAGE_FACTS = """
			return {
			  inlineScripts: Array.from(document.scripts).filter(function (s) { return !s.src; }).length,
			  scripts: Array.from(document.scripts).map(function (s) { return new URL(s.src).pathname; }),
			  stylesheets: Array.from(document.querySelectorAll('link[rel=stylesheet]'))
			    .map(function (l) { return new URL(l.href).pathname; }),
			  loaded: performance.getEntriesByType('resource').map(function (e) { return new URL(e.name).pathname; }),
			  styleAttributes: document.querySelectorAll('[style]').length,
			  handlerAttributes: Array.from(document.querySelectorAll('*')).filter(function (e) {
			    return Array.from(e.attributes).some(function (a) { return a.name.indexOf('on') === 0; }); }).length,
			  background: getComputedStyle(document.body).backgroundColor,
			  violations: window.__cspViolations || []
			};""";

	private final ChromeDriver driver;

	private final String baseUrl;

	private final List<String> consoleMessages = new ArrayList<>();

	private ConsoleBrowser(ChromeDriver driver, String baseUrl) {
		this.driver = driver;
		this.baseUrl = baseUrl;
	}

	/**
	 * Whether Chromium and chromedriver are installed. When one is missing, says so and returns false, so the
	 * tests can be skipped, or fails when the environment variable {@code CI} is {@code true}.
	 */
	static boolean installed() {
		List<Path> missing = Stream.of(CHROMIUM, CHROMEDRIVER).filter((binary) -> !Files.isExecutable(binary)).toList();
		if (missing.isEmpty()) {
			return true;
		}
		String message = "The console's browser tests need " + missing + ", which is missing: " + INSTALL;
		System.out.println(message);
		if ("true".equals(System.getenv("CI"))) {
			fail(message + " (CI=true: not skipped)");
		}
		return false;
	}

	/** Starts Chromium through chromedriver, both as installed: nothing is looked up or downloaded. */
	static ConsoleBrowser start(String baseUrl) {
		SeleniumManagerWatch watch = SeleniumManagerWatch.begin();
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options());
		watch.assertNotRun();
		driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORD_VIOLATIONS));
		return new ConsoleBrowser(driver, baseUrl);
	}

	private static ChromeOptions options() {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--window-size=1280,800");
		options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
		return options;
	}

	/** Signs in through the sign-in form the console sends an anonymous browser to; ends on the dashboard. */
	void signIn(String username, String password) {
		this.driver.get(this.baseUrl + "/login");
		this.driver.manage().deleteAllCookies();
		open("/console");
		assertThat(path()).as("an anonymous visit to the console goes to the sign-in page").isEqualTo("/login");
		type("username", username);
		type("password", password);
		submit(By.cssSelector("form[action='/login'] button[type=submit]"));
		assertThat(path()).as("signed in, back to the console").isEqualTo("/console");
	}

	void open(String path) {
		this.driver.get(this.baseUrl + path);
		checkPage();
	}

	/** Clicks a button or link that loads another page, waits for that page and checks it. */
	void submit(By target) {
		markPage();
		this.driver.findElement(target).click();
		awaitNextPage();
	}

	void submit(String id) {
		submit(By.id(id));
	}

	/** Clicks a button whose form asks first, answers the dialog and, when accepted, waits for the next page. */
	String submitConfirming(String id, boolean accept) {
		markPage();
		this.driver.findElement(By.id(id)).click();
		Alert dialog = new WebDriverWait(this.driver, WAIT).until(ExpectedConditions.alertIsPresent());
		String question = dialog.getText();
		if (accept) {
			dialog.accept();
			awaitNextPage();
		}
		else {
			dialog.dismiss();
		}
		return question;
	}

	void type(String id, String text) {
		WebElement field = byId(id);
		field.clear();
		field.sendKeys(text);
	}

	void tick(String id) {
		WebElement box = byId(id);
		if (!box.isSelected()) {
			box.click();
		}
		assertThat(box.isSelected()).as("%s ticked", id).isTrue();
	}

	void choose(String id, String option) {
		new Select(byId(id)).selectByVisibleText(option);
	}

	WebElement byId(String id) {
		return this.driver.findElement(By.id(id));
	}

	List<WebElement> all(By selector) {
		return this.driver.findElements(selector);
	}

	boolean has(String id) {
		return !this.driver.findElements(By.id(id)).isEmpty();
	}

	String text(String id) {
		return byId(id).getText();
	}

	/** Text read off a page that must never be printed (a secret, a password): remembered as such. */
	String secretText(String id) {
		return NoSecretsInOutput.remember(text(id));
	}

	String path() {
		return URI.create(this.driver.getCurrentUrl()).getPath();
	}

	String url() {
		return this.driver.getCurrentUrl();
	}

	Object script(String script, Object... arguments) {
		return ((JavascriptExecutor) this.driver).executeScript(script, arguments);
	}

	/** Resizes the browser window; returns the width the page gets (the viewport's inner width). */
	long resize(int width, int height) {
		this.driver.manage().window().setSize(new Dimension(width, height));
		return (Long) script("return window.innerWidth");
	}

	/** Saves the whole page (not only what the viewport shows) as {@code target/screenshots/<name>.png}. */
	Path screenshot(String name) {
		Map<?, ?> metrics = this.driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
		Map<?, ?> content = (Map<?, ?>) metrics.get("cssContentSize");
		Map<?, ?> shot = this.driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
				"captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", number(content, "width"),
						"height", Math.min(number(content, "height"), 6000), "scale", 1)));
		try {
			Files.createDirectories(SCREENSHOTS);
			Path file = SCREENSHOTS.resolve(name + ".png");
			Files.write(file, OutputType.BYTES.convertFromBase64Png((String) shot.get("data")));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** What the browser's console said on every page so far, CSP reports aside (those fail the page). */
	List<String> consoleMessages() {
		return List.copyOf(this.consoleMessages);
	}

	@Override
	public void close() {
		this.driver.quit();
	}

	private void markPage() {
		script("window.__leftBehind = true");
	}

	/** Waits until another document (without the mark) has loaded; mid-navigation the driver may refuse to answer. */
	private void awaitNextPage() {
		new WebDriverWait(this.driver, WAIT).ignoring(WebDriverException.class)
			.until((driver) -> Boolean.TRUE.equals(((JavascriptExecutor) driver)
				.executeScript("return window.__leftBehind === undefined && document.readyState === 'complete'")));
		checkPage();
	}

	/**
	 * The console's CSP allows scripts and styles from Gatehouse only: every console page loads its stylesheet
	 * and script from {@code /console-assets}, has no inline script or handler, and nothing was refused.
	 */
	private void checkPage() {
		Map<?, ?> facts = (Map<?, ?>) script(PAGE_FACTS);
		List<String> refused = new ArrayList<>(strings(facts.get("violations")));
		for (LogEntry entry : this.driver.manage().logs().get(LogType.BROWSER)) {
			(entry.getMessage().contains("Content Security Policy") ? refused : this.consoleMessages)
				.add(path() + ": " + entry.getLevel() + " " + entry.getMessage());
		}
		assertThat(refused).as("CSP violations on %s", path()).isEmpty();
		assertThat(facts.get("inlineScripts")).as("inline scripts on %s", path()).isEqualTo(0L);
		assertThat(facts.get("styleAttributes")).as("style attributes on %s", path()).isEqualTo(0L);
		assertThat(facts.get("handlerAttributes")).as("on… handler attributes on %s", path()).isEqualTo(0L);
		if (path().startsWith("/console")) {
			assertThat(strings(facts.get("stylesheets"))).as("stylesheets of %s", path())
				.containsExactly("/console-assets/console.css");
			assertThat(strings(facts.get("scripts"))).as("scripts of %s", path())
				.containsExactly("/console-assets/console.js");
			assertThat(strings(facts.get("loaded"))).as("resources loaded by %s", path())
				.contains("/console-assets/console.css", "/console-assets/console.js");
			assertThat(facts.get("background")).as("console.css applied on %s", path()).isEqualTo("rgb(244, 246, 249)");
		}
	}

	private static List<String> strings(Object list) {
		return ((List<?>) list).stream().map(String::valueOf).toList();
	}

	private static double number(Map<?, ?> map, String key) {
		return ((Number) map.get(key)).doubleValue();
	}

}
