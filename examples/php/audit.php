<?php
// A PHP client of `lkjip serve`: no framework, only file_get_contents and json_decode
// (the curl extension is used when it is there; php-cli alone is enough).
//
//   lkjip serve                      # in another terminal: http://127.0.0.1:8000
//   php examples/php/audit.php [BASE_URL] [REPORT]
//
// It asks for one capaian (target 87, realisasi 91,72) with its explanation, then sends
// a whole report to /v1/audit and prints the findings. LKJIP_TOKEN, when set, is sent
// as "Authorization: Bearer ...". Exit status: 0 when both answered, 1 otherwise.

$base = rtrim($argv[1] ?? (getenv('LKJIP_URL') ?: 'http://127.0.0.1:8000'), '/');
$report = $argv[2] ?? __DIR__ . '/../laporan/lkjip-2023-kecamatan-medang-kampai.txt';
$token = getenv('LKJIP_TOKEN') ?: '';

// POST a body; returns [HTTP status, decoded JSON] (decimals stay strings: "105.43").
function post(string $url, string $body, string $type, string $token): array
{
    $headers = ["Content-Type: $type", 'Accept: application/json', 'Accept-Language: id'];
    if ($token !== '') {
        $headers[] = "Authorization: Bearer $token";
    }
    if (function_exists('curl_init')) {
        $ch = curl_init($url);
        curl_setopt_array($ch, [
            CURLOPT_POST => true,
            CURLOPT_POSTFIELDS => $body,
            CURLOPT_HTTPHEADER => $headers,
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_TIMEOUT => 60,
        ]);
        $text = curl_exec($ch);
        $status = (int) curl_getinfo($ch, CURLINFO_HTTP_CODE);
        curl_close($ch);
    } else {
        $context = stream_context_create(['http' => [
            'method' => 'POST',
            'header' => implode("\r\n", $headers),
            'content' => $body,
            'timeout' => 60,
            'ignore_errors' => true, // a 4xx answer is read too (a problem document)
        ]]);
        $text = @file_get_contents($url, false, $context);
        $status = 0;
        foreach ($http_response_header ?? [] as $line) {
            if (preg_match('#^HTTP/\S+\s+(\d{3})#', $line, $m)) {
                $status = (int) $m[1];
            }
        }
    }
    if ($text === false || $status === 0) {
        fwrite(STDERR, "cannot reach $url\n");
        exit(1);
    }
    return [$status, json_decode($text, true)];
}

// 1. One figure: /v1/capaian with its explanation (numbers as strings, Indonesian or plain).
$question = json_encode(['target' => '87', 'realisasi' => '91,72', 'direction' => 'higher']);
[$status, $answer] = post("$base/v1/capaian?explain=true", $question, 'application/json', $token);
if ($status !== 200) {
    fwrite(STDERR, "capaian: HTTP $status: " . ($answer['detail'] ?? '') . "\n");
    exit(1);
}
printf("capaian %s%% (%s, %s)\n", $answer['capaian'], $answer['predikat'], $answer['atribut']);
foreach ($answer['penjelasan'] ?? [] as $line) {
    echo "  $line\n";
}

// 2. A whole report: /v1/audit with the file as multipart/form-data.
$content = @file_get_contents($report);
if ($content === false) {
    fwrite(STDERR, "cannot read $report\n");
    exit(1);
}
$boundary = 'lkjip' . bin2hex(random_bytes(8));
$body = "--$boundary\r\n"
    . 'Content-Disposition: form-data; name="file"; filename="' . basename($report) . "\"\r\n"
    . "Content-Type: application/octet-stream\r\n\r\n"
    . $content . "\r\n--$boundary--\r\n";
[$status, $doc] = post("$base/v1/audit", $body, "multipart/form-data; boundary=$boundary", $token);
if ($status !== 200) {
    fwrite(STDERR, "audit: HTTP $status: " . ($doc['detail'] ?? '') . "\n");
    exit(1);
}
$coverage = $doc['coverage'];
printf(
    "%s: %d findings; %d tables read of %d, %d figures checked, %d agreeing\n",
    $doc['source'] ?? basename($report),
    count($doc['findings']),
    $coverage['tables_read'],
    $coverage['tables_found'],
    $coverage['figures_checked'],
    $coverage['figures_agreeing']
);
foreach ($doc['findings'] as $f) {
    printf("  line %s, table %s, %s: %s\n", $f['line'] ?? '-', $f['table_index'], $f['field'], $f['message']);
}
exit(0);
