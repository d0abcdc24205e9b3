// Vinculo keeps times in UTC and shows them in the user's time zone. The server cannot know that zone, so the
// browser remembers it in a cookie (read by Components/Shared/UserTime.cs). This is the only script of our own.
(function () {
    try {
        var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
        if (zone && document.cookie.indexOf("vinculo.tz=" + encodeURIComponent(zone)) < 0) {
            document.cookie = "vinculo.tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";
        }
    } catch (e) {
        // No Intl support: times stay in the server's zone.
    }
})();
