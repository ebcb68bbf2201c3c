using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Crm.TillService.Tests;

/// <summary>Sends JSON as a till would (raw text) and reads the answer as a JSON tree.</summary>
internal static class Http
{
    public static async Task<(HttpStatusCode Status, JsonNode Body, HttpResponseMessage Response)> PostAsync(this HttpClient client, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await client.PostAsync(path, content);
        return (response.StatusCode, await ReadAsync(response), response);
    }

    public static async Task<(HttpStatusCode Status, JsonNode Body, HttpResponseMessage Response)> GetJsonAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        return (response.StatusCode, await ReadAsync(response), response);
    }

    public static MediaTypeHeaderValue? ContentType(this HttpResponseMessage response) => response.Content.Headers.ContentType;

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text.Length == 0 ? "null" : text) ?? JsonValue.Create("(empty)");
    }
}
