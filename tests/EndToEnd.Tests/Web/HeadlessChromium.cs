using ActorRooms.EndToEnd.Tests.Infrastructure;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace ActorRooms.EndToEnd.Tests.Web;

/// <summary>
/// Debian's chromium, headless, driven through Debian's chromedriver by Selenium WebDriver. Both are found on PATH
/// (<see cref="ExternalTools"/>: a skip locally when missing, a failure on CI); Selenium is given the driver's path,
/// so it downloads nothing.
/// </summary>
public sealed class HeadlessChromium : IDisposable
{
    private HeadlessChromium(ChromeDriver driver) => Driver = driver;

    public ChromeDriver Driver { get; }

    public static HeadlessChromium Start()
    {
        var browser = ExternalTools.Chromium;
        var driverPath = ExternalTools.ChromeDriver;
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driverPath)!, Path.GetFileName(driverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = browser };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1100,900", "--lang=en-US");
        return new HeadlessChromium(new ChromeDriver(service, options, TimeSpan.FromSeconds(60)));
    }

    /// <summary>The elements matching <paramref name="css"/> once at least one is there (bounded wait, no sleeps).</summary>
    public async Task<IReadOnlyList<IWebElement>> WaitForAsync(string css, TimeSpan timeout, string what)
    {
        IReadOnlyList<IWebElement> found = [];
        await Eventually.HoldsAsync(() => (found = Driver.FindElements(By.CssSelector(css))).Count > 0, timeout, what);
        return found;
    }

    /// <summary>The text of <paramref name="css"/>, or empty when it is not (or no longer) there.</summary>
    public string TextOf(string css)
    {
        try
        {
            return Driver.FindElements(By.CssSelector(css)) is [var element, ..] ? element.Text : string.Empty;
        }
        catch (StaleElementReferenceException)
        {
            return string.Empty;
        }
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
    }
}
