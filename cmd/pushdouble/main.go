// Command pushdouble runs the push service double of internal/push/pushtest
// for the browser tests: it prints its base URL on stdout, then serves until
// interrupted. Start the hub with --pushAllow=<that URL>.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/cremona/hug/internal/push/pushtest"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	flag.Parse()
	d, err := pushtest.Start(*listen)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.URL)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	d.Close()
}
