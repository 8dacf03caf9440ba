// bench/peers/goose/main.go - GoOse (Debian's golang-github-advancedlogic-
// goose-dev, a Go port of goose) over the AEB pages in one long-lived
// process (driver for bench/peers.sh, which builds it in GOPATH mode
// against /usr/share/gocode into the git-ignored bench/peers/bin):
//
//	goose-peer MANIFEST OUT.json [PASSES]
//
// Same protocol as run.mjs: MANIFEST lines are id TAB url TAB path.html.gz;
// each page is read and gunzipped untimed, ExtractFromRawHTML with the
// page's URL is timed and its CleanedText kept; OUT gets the AEB
// predictions of the first pass, stdout one JSON line with pages, failed,
// extract_s, loop_s and cpu_s (the process's CPU time, GC too) of the
// fastest pass.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	goose "github.com/advancedlogic/GoOse"
)

type body struct {
	ArticleBody string `json:"articleBody"`
}

func gunzip(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return "", err
	}
	b, err := io.ReadAll(z)
	return string(b), err
}

// The process's user + system CPU seconds so far.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: goose-peer MANIFEST OUT [PASSES]")
		os.Exit(2)
	}
	passes := 1
	if len(os.Args) > 3 {
		if n, err := strconv.Atoi(os.Args[3]); err == nil && n > 1 {
			passes = n
		}
	}
	m, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var pages [][]string
	sc := bufio.NewScanner(m)
	for sc.Scan() {
		if f := strings.Split(sc.Text(), "\t"); len(f) == 3 {
			pages = append(pages, f)
		}
	}
	m.Close()

	g := goose.New()
	pred := map[string]body{}
	failed := 0
	bestExt, bestLoop, bestCPU := -1.0, 0.0, 0.0
	for p := 0; p < passes; p++ {
		var ext time.Duration
		t0, c0 := time.Now(), cpuSeconds()
		for _, pg := range pages {
			html, err := gunzip(pg[2])
			text := ""
			s := time.Now()
			if err == nil {
				var a *goose.Article
				a, err = g.ExtractFromRawHTML(html, pg[1])
				if err == nil && a != nil {
					text = a.CleanedText
				}
			}
			ext += time.Since(s)
			if p == 0 {
				if err != nil {
					failed++
					fmt.Fprintf(os.Stderr, "goose: %s: %v\n", pg[0], err)
				}
				pred[pg[0]] = body{text}
			}
		}
		loop, cpu := time.Since(t0).Seconds(), cpuSeconds()-c0
		if bestExt < 0 || ext.Seconds() < bestExt {
			bestExt, bestLoop, bestCPU = ext.Seconds(), loop, cpu
		}
	}
	out, err := os.Create(os.Args[2])
	if err == nil {
		err = json.NewEncoder(out).Encode(pred)
		out.Close()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("{\"pages\": %d, \"failed\": %d, \"extract_s\": %f, \"loop_s\": %f, \"cpu_s\": %f}\n",
		len(pages), failed, bestExt, bestLoop, bestCPU)
}
