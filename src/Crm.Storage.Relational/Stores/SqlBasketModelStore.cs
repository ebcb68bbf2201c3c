using System.Runtime.CompilerServices;
using Crm.Baskets;

namespace Crm.Storage.Relational.Stores;

/// <summary>
/// <see cref="IBasketModelStore"/> in SQL: one row per scope and version holding the model as JSON. A model is read whole and
/// never changes, so its rules need no table of their own; the JSON is what a replay is compared with.
/// </summary>
internal sealed class SqlBasketModelStore(RelationalDatabase database, RelationalUnitOfWork? unit) : RelationalStore(database, unit), IBasketModelStore
{
    public async Task<bool> SaveAsync(BasketModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var json = CrmJson.Serialize(model);
        var write = new SqlWrite(
            "INSERT INTO crm_basket_models (scope, version, mined_at, body) VALUES (@scope, @version, @mined, @body) ON CONFLICT (scope, version) DO NOTHING",
            [("@scope", model.Scope), ("@version", (long)model.Version), ("@mined", Ticks(model.MinedAt)), ("@body", json)],
            1,
            ($"basket model {model.Scope} v{model.Version}", 0));

        // A version taken before: the same model is a replay, another one lost the race.
        if (await TryWriteAsync([write], cancellationToken).ConfigureAwait(false) is { } failed)
        {
            return string.Equals(await ReadBodyAsync(model.Scope, model.Version, cancellationToken).ConfigureAwait(false), json, StringComparison.Ordinal)
                ? false
                : throw failed.ToConflict();
        }

        return true;
    }

    public async Task<BasketModel?> FindAsync(string scope, int? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var json = await ReadBodyAsync(scope, version, cancellationToken).ConfigureAwait(false);
        return json is null ? null : CrmJson.Deserialize<BasketModel>(json);
    }

    private async Task<string?> ReadBodyAsync(string scope, int? version, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        var command = version is { } v
            ? session.Command("SELECT body FROM crm_basket_models WHERE scope = @scope AND version = @version", [("@scope", scope), ("@version", (long)v)])
            : session.Command("SELECT body FROM crm_basket_models WHERE scope = @scope ORDER BY version DESC LIMIT 1", [("@scope", scope)]);
        return (await ReadAsync(command, r => r.GetString(0), cancellationToken, operation).ConfigureAwait(false)).FirstOrDefault();
    }
}
