using ActorRooms.Broker.Hosting;
using ActorRooms.EndToEnd.Tests.Infrastructure;
using ActorRooms.EndToEnd.Tests.Security;
using Akka.Configuration;
using OpenQA.Selenium;

namespace ActorRooms.EndToEnd.Tests.Web;

/// <summary>
/// The live page in a real headless browser: a broker and the pump, the page opened, the <c>prices</c> room opened,
/// every symbol shown with values that change; and the login form on a broker with users. The first spec saves the
/// screenshot the README shows (docs/images/live-page.png).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LivePageBrowserSpecs
{
    private static readonly string ClientsDll = Path.Combine(AppContext.BaseDirectory, "ActorRooms.Clients.dll");
    private static readonly string[] Symbols = ["AAPL", "BTCUSD", "EURUSD", "MSFT", "NVDA"];
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_show_every_symbol_with_changing_prices_when_the_prices_room_is_opened()
    {
        using var browser = HeadlessChromium.Start();
        await using var broker = await BrokerNode.StartAsync(BrokerConfiguration.Load(port: 0), handleConsoleSignals: false);
        await using var pump = CliProcess.Start("dotnet", ClientsDll, "pump", "--port", broker.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--rate", "50", "--symbols", string.Join(",", Symbols), "--seed", "7");

        await browser.Driver.Navigate().GoToUrlAsync(broker.PageUri!.ToString());
        var room = await browser.WaitForAsync("#rooms tr[data-room='prices']", Wait, "the prices room in the rooms table");
        room[0].Click();

        await Eventually.HoldsAsync(() => Symbols.All(s => browser.TextOf($"#prices tr[data-symbol='{s}'] .last").Length > 0), Wait, "a price for every symbol");
        var first = Symbols.ToDictionary(s => s, s => browser.TextOf($"#prices tr[data-symbol='{s}'] .last"));
        await Eventually.HoldsAsync(() => Symbols.All(s => browser.TextOf($"#prices tr[data-symbol='{s}'] .last") is { Length: > 0 } now && now != first[s]), Wait, "every symbol's price to change");
        Assert.Equal(Symbols, browser.Driver.FindElements(By.CssSelector("#prices tbody tr")).Select(row => row.GetDomAttribute("data-symbol")));
        Assert.Contains(browser.TextOf("#rooms tr[data-room='prices'] td:nth-child(3)"), new[] { "1", "2" });

        // The chart has had a few seconds of data by now; the picture is what the README shows.
        await Eventually.HoldsAsync(() => browser.TextOf("#room-rate").Length > 0, Wait, "the room's rate");
        var screenshot = Path.Combine(RepositoryPaths.Root, "docs", "images", "live-page.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        browser.Driver.GetScreenshot().SaveAsFile(screenshot);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is empty");
    }

    [Fact]
    public async Task Should_show_the_rooms_after_logging_in_when_the_broker_has_users()
    {
        using var browser = HeadlessChromium.Start();
        var users = SecuredBroker.UsersHocon(SecuredBroker.Users.Where(u => u.Name is "admin" or "reader"));
        await using var broker = await BrokerNode.StartAsync(ConfigurationFactory.ParseString(users).WithFallback(BrokerConfiguration.Load(port: 0)), handleConsoleSignals: false);
        await using var publisher = await RespConnection.ConnectAsync(broker.Endpoint);
        await publisher.SendCommandAsync("AUTH", "admin", "admin-pw");
        await publisher.ReadFrameAsync();
        await publisher.SendCommandAsync("ROOM.PUBLISH", "prices.eu", "{\"symbol\":\"EURUSD\",\"price\":1.08512}", "KEY", "EURUSD");
        await publisher.ReadFrameAsync();

        await browser.Driver.Navigate().GoToUrlAsync(broker.PageUri!.ToString());
        await browser.WaitForAsync("#login:not([hidden])", Wait, "the login form");
        browser.Driver.FindElement(By.Id("user")).Clear();
        browser.Driver.FindElement(By.Id("user")).SendKeys("reader");
        browser.Driver.FindElement(By.Id("password")).SendKeys("wrong");
        browser.Driver.FindElement(By.Id("login-button")).Click();
        await Eventually.HoldsAsync(() => browser.TextOf("#login-error").StartsWith("WRONGPASS", StringComparison.Ordinal), Wait, "the WRONGPASS text");
        browser.Driver.FindElement(By.Id("password")).Clear();
        browser.Driver.FindElement(By.Id("password")).SendKeys("read-pw");
        browser.Driver.FindElement(By.Id("login-button")).Click();

        (await browser.WaitForAsync("#rooms tr[data-room='prices.eu']", Wait, "the room after logging in"))[0].Click();
        await Eventually.HoldsAsync(() => browser.TextOf("#prices tr[data-symbol='EURUSD'] .last") == "1.08512", Wait, "the snapshot's price");
        Assert.Contains("reader", browser.TextOf("#status"), StringComparison.Ordinal);
    }
}

/// <summary>Browser specs run one at a time: each starts a chromium, heavy on a 2-core machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "browser";
}
