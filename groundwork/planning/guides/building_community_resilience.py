"""Building Community Resilience: a two-day workshop around the five questions.

Written for Groundwork, in English and Spanish side by side. Facilitators copy it into their
community and adapt it; this file stays as shipped.
"""

from .base import ShippedGuide, section

SLUG = "building-community-resilience"

PREPARING = [
    section(
        "About this workshop",
        "Acerca de este taller",
        """
        This workshop brings together residents and people from many parts of community life
        to answer five questions together:

        1. What are the main problems or issues facing our community?
        2. What barriers stand in the way of solving them, inside or outside the community?
        3. What strengths and resources can we draw on?
        4. What can we do to overcome the barriers and address the problems?
        5. Which allies, outside organizations or people, can help?

        The purpose is not to finish a plan in two days. It is to hear from as many people as
        possible, in their own words and language, and to leave with walls full of ideas that
        the community recognizes as its own. Everything people write is typed into Groundwork,
        where it joins the community's other input, is grouped into themes, and is later linked
        to each activity of the Community Resilience Plan.

        The workshop is strength-based: we name what is wrong, but we spend at least as much
        time on what is strong, because that is what people will build on.

        Day 1 covers problems, barriers and strengths. Day 2 turns to what we can do and who
        can help, and ends with first steps. Each day runs about six to seven hours with meals
        and breaks. Change the timings to suit your community; the agenda at a glance adds
        them up for you.
        """,
        """
        Este taller reúne a residentes y a personas de muchos ámbitos de la vida comunitaria
        para responder juntos cinco preguntas:

        1. ¿Cuáles son los principales problemas o asuntos que enfrenta nuestra comunidad?
        2. ¿Qué barreras, dentro o fuera de la comunidad, impiden resolverlos?
        3. ¿Con qué fortalezas y recursos contamos?
        4. ¿Qué podemos hacer para superar las barreras y atender los problemas?
        5. ¿Qué aliados, organizaciones o personas de afuera, nos pueden ayudar?

        No se trata de terminar un plan en dos días, sino de escuchar a la mayor cantidad
        posible de personas, con sus propias palabras y en su idioma, y de salir con paredes
        llenas de ideas que la comunidad reconozca como suyas. Todo lo que la gente escribe se
        ingresa en Groundwork: allí se suma a los demás aportes de la comunidad, se agrupa en
        temas y más adelante se vincula con cada actividad del Plan de Resiliencia Comunitaria.

        El taller parte de las fortalezas: nombramos lo que anda mal, pero dedicamos por lo
        menos el mismo tiempo a lo que funciona, porque sobre eso vamos a construir.

        El primer día trata de los problemas, las barreras y las fortalezas. El segundo se
        centra en lo que podemos hacer y en quién nos puede ayudar, y termina con los primeros
        pasos. Cada día dura de seis a siete horas, con comidas y descansos. Ajuste los tiempos
        a su comunidad; la agenda de un vistazo los suma por usted.
        """,
    ),
    section(
        "Who to invite",
        "A quién invitar",
        """
        Aim for a room that looks like the whole community, not only the people who usually
        come to meetings. A good mix is about half residents and half people who work in or
        serve the community.

        - Residents with lived experience of the problems you expect to hear about: young
          people, elders, renters, people in recovery, people who have been incarcerated, and
          families who speak languages other than English.
        - Faith communities, schools and early childhood programs, health care and public
          health, behavioral health, law enforcement and courts, local government, businesses
          and employers, libraries, social services, and neighborhood and cultural groups.
        - People who are trusted but hold no title: barbers, coaches, shop owners, the neighbor
          everyone calls when something goes wrong.

        Invite in person and through people who are already trusted; a flyer alone rarely
        reaches those most affected. Send invitations in English and Spanish (and any other
        language widely spoken) and say plainly that food, childcare, interpretation and help
        with transportation are offered.

        Ask people to register only so you can plan food, childcare and interpretation. Keep
        the registrations apart from anything people say during the workshop.
        """,
        """
        Procure que el salón se parezca a toda la comunidad y no solo a quienes siempre van a
        las reuniones. Una buena mezcla es más o menos mitad residentes y mitad personas que
        trabajan en la comunidad o le prestan servicios.

        - Residentes con experiencia vivida de los problemas que se espera escuchar: jóvenes,
          personas mayores, inquilinos, personas en recuperación, personas que han estado
          encarceladas y familias que hablan otros idiomas además del inglés.
        - Comunidades de fe, escuelas y programas de primera infancia, servicios de salud y
          salud pública, salud mental, policía y tribunales, gobierno local, negocios y
          empleadores, bibliotecas, servicios sociales y grupos vecinales y culturales.
        - Personas de confianza que no tienen ningún cargo: barberos, entrenadores, dueños de
          tiendas, esa vecina a quien todos llaman cuando algo sale mal.

        Invite en persona y por medio de gente que ya se ha ganado la confianza de los demás;
        un volante por sí solo casi nunca llega a quienes más sufren los problemas. Envíe las
        invitaciones en inglés y en español (y en cualquier otro idioma que se hable mucho) y
        diga con claridad que habrá comida, cuidado de niños, interpretación y ayuda con el
        transporte.

        Pida que la gente se inscriba solo para calcular la comida, el cuidado de niños y la
        interpretación. Guarde las inscripciones aparte de todo lo que se diga en el taller.
        """,
    ),
    section(
        "Roles on the team",
        "Los roles del equipo",
        """
        A workshop for 40 to 80 people needs roughly one team member for every eight
        participants. Meet as a team at least once beforehand to walk through this guide.

        - Lead facilitator: opens and closes each day, keeps time, runs the large-group
          exercises and watches the energy of the room. Stays neutral about the answers.
        - Small-group facilitators: one per table of six to eight people. They make sure
          everyone speaks, nobody dominates and every idea is written down. They do not add
          ideas of their own.
        - Note-takers: one per table if you can. They write one idea per card in the speaker's
          words and check it with the speaker: "Did I get that right?" A small-group
          facilitator can take notes when you are short of people, but it is harder.
        - Interpreters: at least one for each language other than the main language of the
          room, with equipment for simultaneous interpretation if you have it. Seat people who
          share a language together so that small groups can work in that language.
        - Welcome and logistics: greets people, counts attendance, looks after childcare and
          food, and helps latecomers find a table.
        - Capture lead: gathers every card and chart at the end of each day and makes sure they
          are typed into Groundwork that evening (see "Typing it in the same day").
        """,
        """
        Un taller de 40 a 80 personas necesita más o menos una persona del equipo por cada ocho
        participantes. Reúnanse como equipo al menos una vez antes del taller para repasar esta
        guía.

        - Facilitación principal: abre y cierra cada día, lleva el tiempo, dirige los
          ejercicios en grupo grande y está pendiente del ánimo del salón. Se mantiene neutral
          ante las respuestas.
        - Facilitación de grupos pequeños: una persona por mesa de seis a ocho participantes.
          Procura que todos hablen, que nadie acapare la palabra y que cada idea quede escrita.
          No aporta ideas propias.
        - Toma de notas: una persona por mesa, si es posible. Escribe una idea por tarjeta con
          las palabras de quien habla y lo confirma con esa persona: "¿Lo anoté bien?". Si falta
          gente, quien facilita la mesa puede tomar notas, aunque cuesta más.
        - Intérpretes: al menos uno por cada idioma distinto del idioma principal del salón,
          con equipo de interpretación simultánea si lo hay. Sienten juntas a las personas que
          comparten un idioma para que los grupos pequeños trabajen en ese idioma.
        - Bienvenida y logística: recibe a la gente, cuenta la asistencia, se ocupa del cuidado
          de niños y de la comida, y ayuda a quienes llegan tarde a encontrar una mesa.
        - Responsable del registro: junta todas las tarjetas y los pliegos al final de cada día
          y se asegura de que se ingresen en Groundwork esa misma noche (vea "Ingresarlo todo
          el mismo día").
        """,
    ),
    section(
        "Materials",
        "Materiales",
        """
        - Index cards or large sticky notes in five colors, one color for each question, and
          plain cards for everything else.
        - Dark markers with thick tips: thin lines are hard to read from across the room and
          hard to type in later.
        - Flip chart paper and painter's tape, or a wall that takes sticky notes.
        - Round dot stickers, about six per person per day.
        - A long roll of paper (four to six meters) for the river of barriers, and a large map
          of the community, printed or drawn by hand, for each table's asset map.
        - Yarn or string for the web of allies (optional).
        - Printed copies of the bilingual paper form, for people who prefer to write privately
          and for those who leave early.
        - One envelope per table, labeled with the table number and the table's language, to
          collect the cards of each exercise.
        - Name tags for first names only, a tally sheet for attendance, and a timer or bell.
        - Signs in English and Spanish for the room, restrooms, childcare and the quiet space.
        """,
        """
        - Tarjetas o notas adhesivas grandes en cinco colores, un color por pregunta, y
          tarjetas lisas para todo lo demás.
        - Marcadores oscuros de punta gruesa: las líneas finas se leen mal desde el otro lado
          del salón y cuestan al transcribirlas.
        - Pliegos de papel para rotafolio y cinta de pintor, o una pared donde se peguen bien
          las notas adhesivas.
        - Calcomanías redondas de colores (puntos), unas seis por persona por día.
        - Un rollo largo de papel (de cuatro a seis metros) para el río de las barreras, y un
          mapa grande de la comunidad, impreso o dibujado a mano, para el mapa de cada mesa.
        - Estambre o cordel para la red de aliados (opcional).
        - Copias impresas del formulario bilingüe en papel, para quienes prefieren escribir en
          privado y para quienes se van temprano.
        - Un sobre por mesa, marcado con el número y el idioma de la mesa, para juntar las
          tarjetas de cada ejercicio.
        - Etiquetas para el nombre de pila, una hoja para contar la asistencia y un cronómetro
          o una campanita.
        - Letreros en inglés y en español para el salón, los baños, el cuidado de niños y el
          espacio tranquilo.
        """,
    ),
    section(
        "Setting up the room",
        "Cómo preparar el salón",
        """
        Choose a place people already know and trust and can reach without a car: a school
        cafeteria, a community center, a congregation's hall, a library.

        - Round tables of six to eight, with room to walk between them and space for
          wheelchairs.
        - One long, clear stretch of wall for each question. Label each stretch with its
          question in both languages before people arrive.
        - A front area visible from every table, with the flip chart and, if used, a screen.
          Seat interpreters where they can hear every speaker clearly.
        - Tables for each language group near the interpretation equipment; tables for
          families near the childcare room.
        - A quiet space where anyone can step away, and a team member named in advance who can
          sit with someone if a conversation brings back painful memories.
        - Food and water everyone can have, including vegetarian dishes and food familiar to
          the cultures in the room.
        """,
        """
        Elija un lugar que la gente ya conozca, en el que confíe y al que pueda llegar sin auto:
        la cafetería de una escuela, un centro comunitario, el salón de una congregación, una
        biblioteca.

        - Mesas redondas de seis a ocho personas, con espacio para caminar entre ellas y para
          sillas de ruedas.
        - Un tramo de pared largo y despejado para cada pregunta. Antes de que llegue la gente,
          rotule cada tramo con su pregunta en los dos idiomas.
        - Un área al frente que se vea desde todas las mesas, con el rotafolio y, si se usa,
          una pantalla. Ubique a los intérpretes donde escuchen bien a cada persona.
        - Las mesas de cada grupo de idioma cerca del equipo de interpretación; las mesas para
          familias cerca del cuarto del cuidado de niños.
        - Un espacio tranquilo donde cualquiera pueda retirarse un momento, y una persona del
          equipo designada de antemano para acompañar a quien se sienta afectado si una
          conversación le trae recuerdos dolorosos.
        - Comida y agua para todos, con platos vegetarianos y comida conocida para las culturas
          presentes.
        """,
    ),
    section(
        "Accessibility and interpretation",
        "Accesibilidad e interpretación",
        """
        Ask about needs when people register and again at the door, and plan for the people
        who did not tell you.

        - Offer interpretation in every language people asked for, and test the equipment
          before anyone arrives. At the start, say which tables work in which language.
        - Speak slowly, one person at a time, and read aloud everything written on the wall,
          so that people who do not read easily or do not see well can follow.
        - Offer to write for anyone who would rather speak. The note-taker writes the person's
          words, not a summary of them.
        - Use large print for anything handed out, and keep the paper form in both languages
          on every table.
        - Make sure the entrance, restrooms and tables can be reached in a wheelchair, and that
          dots can be placed at a height everyone reaches, or by a helper as the person directs.
        - Plan a break every 60 to 90 minutes and say that people may stand, move or step out
          whenever they need to.
        - Offer childcare and, if you can, rides and a stipend for residents' time: it tells
          people their knowledge is valued.
        """,
        """
        Pregunte por las necesidades de cada persona al inscribirse y otra vez en la entrada, y
        prepárese también para quienes no avisaron.

        - Ofrezca interpretación en todos los idiomas que se pidieron y pruebe el equipo antes
          de que llegue nadie. Al empezar, diga qué mesas trabajan en qué idioma.
        - Hable despacio, una persona a la vez, y lea en voz alta todo lo que se escribe en la
          pared, para que puedan seguir quienes no leen con facilidad o no ven bien.
        - Ofrézcase a escribir por quien prefiera hablar. Quien toma notas escribe las palabras
          de la persona, no un resumen.
        - Use letra grande en todo lo que se reparta y tenga el formulario en papel en los dos
          idiomas en cada mesa.
        - Asegúrese de que la entrada, los baños y las mesas sean accesibles en silla de ruedas
          y de que los puntos se puedan pegar a una altura que todos alcancen, o con la ayuda de
          alguien, como la persona le indique.
        - Programe un descanso cada 60 a 90 minutos y diga que cualquiera puede pararse,
          moverse o salir cuando lo necesite.
        - Ofrezca cuidado de niños y, si es posible, transporte y un pago por el tiempo de los
          residentes: así la gente sabe que se valora lo que sabe.
        """,
    ),
    section(
        "Ground rules",
        "Acuerdos de convivencia",
        """
        Agree on ground rules with the whole room at the start of Day 1, write them on a chart
        in both languages, and keep the chart on the wall for both days. Propose a few and ask
        the room what to add.

        - Everyone's experience counts; nobody here is the expert on someone else's life.
        - One voice at a time, and everyone gets a turn before anyone speaks twice.
        - Share stories, not names: talk about what happened, not about who.
        - What is said here stays here; what is learned here may leave. Ideas go into the plan
          without anyone's name on them.
        - It is fine to pass.
        - Disagree with ideas, not with people.
        - Take care of yourself: step out, stretch or ask for help at any time.
        - Phones on silent. Interpreters may ask speakers to slow down.
        """,
        """
        Al comienzo del primer día, pónganse de acuerdo con todo el salón sobre cómo van a
        convivir, escriban los acuerdos en un pliego en los dos idiomas y déjenlo en la pared
        durante los dos días. Proponga algunos y pregunte qué más quiere agregar el grupo.

        - La experiencia de cada persona cuenta; aquí nadie sabe más que otro sobre la vida de
          ese otro.
        - Una voz a la vez, y todos tienen su turno antes de que alguien hable por segunda vez.
        - Compartimos historias, no nombres: hablamos de lo que pasó, no de quién.
        - Lo que se dice aquí, aquí se queda; lo que se aprende aquí puede salir. Las ideas
          entran al plan sin el nombre de nadie.
        - Está bien decir "paso".
        - Discrepamos de las ideas, no de las personas.
        - Cuídese: puede salir, estirarse o pedir ayuda en cualquier momento.
        - Teléfonos en silencio. Los intérpretes pueden pedir que se hable más despacio.
        """,
    ),
]

CAPTURING = [
    section(
        "What to capture and how",
        "Qué registrar y cómo",
        """
        Everything people say in this workshop can become part of the community's plan, so how
        it is written down matters as much as the exercise itself. Go over this with every
        note-taker and small-group facilitator before Day 1.

        - One idea per card. If someone says three things, write three cards. Each card becomes
          one answer in Groundwork: one line on the capture page.
        - In the person's own words and language. Do not translate, shorten or polish on the
          card. "The bus stops running at six and I lose shifts" tells the plan far more than
          "transportation". An interpreter can help the note-taker, but the card keeps the
          language it was said in.
        - Mark the question. The color of the card shows the question; the table's envelope
          shows the table number and language. Write on the envelope whether the cards came
          from small-group or large-group work.
        - Write ideas, not names. Leave out names, phone numbers, addresses and anything else
          that points to a person. Groundwork holds back answers that look like they contain
          personal data until a facilitator reviews them, but it is better never to write it.
        - Keep everything. Dot counts, charts and ideas that seem to repeat all go in:
          repetition shows what matters to many people.
        - Read it back. Before a card goes in the envelope, the note-taker reads it aloud so the
          speaker can correct it.
        """,
        """
        Todo lo que la gente dice en este taller puede llegar a formar parte del plan de la
        comunidad; por eso, cómo se anota importa tanto como el ejercicio mismo. Repase esto con
        cada persona que toma notas y cada facilitador de mesa antes del primer día.

        - Una idea por tarjeta. Si alguien dice tres cosas, se escriben tres tarjetas. Cada
          tarjeta será una respuesta en Groundwork: una línea en la página de registro.
        - Con las palabras y en el idioma de la persona. No traduzca, ni recorte, ni pula lo que
          dijo. "El autobús deja de pasar a las seis y pierdo turnos de trabajo" le dice al plan
          mucho más que "transporte". Un intérprete puede ayudar a quien toma notas, pero la
          tarjeta conserva el idioma en que se dijo.
        - Indique la pregunta. El color de la tarjeta muestra la pregunta; el sobre de la mesa,
          el número y el idioma de la mesa. Anote en el sobre si las tarjetas salieron del
          trabajo en grupo pequeño o en grupo grande.
        - Escriba ideas, no nombres. Deje fuera nombres, teléfonos, direcciones y cualquier
          otra cosa que señale a una persona. Groundwork retiene las respuestas que parecen
          tener datos personales hasta que alguien del equipo las revise, pero es mejor no
          escribirlos nunca.
        - Guárdelo todo. Los conteos de puntos, los pliegos y las ideas que parecen repetirse se
          registran igual: la repetición muestra lo que le importa a mucha gente.
        - Léalo en voz alta. Antes de guardar una tarjeta en el sobre, quien toma notas la lee
          en voz alta para que la persona pueda corregirla.
        """,
    ),
    section(
        "The bilingual paper form",
        "El formulario bilingüe en papel",
        """
        The paper form asks the same five questions in English and Spanish, with room to write
        under each one. Use it:

        - for people who prefer to write privately, or who want to say something they would not
          say in a group;
        - for anyone who arrives late, leaves early or comes on only one of the two days;
        - at a table that has no note-taker;
        - after the workshop, in places where people already gather (a clinic waiting room, a
          laundromat, a congregation after services), so that people who could not come still
          take part.

        Collect the forms in a box rather than by hand. Nobody needs to write their name. When
        typing them in, choose the channel "Paper form" and the language the person wrote in,
        and type each answer on its own line under its question. If a form includes a name or a
        phone number, leave it out.
        """,
        """
        El formulario en papel hace las mismas cinco preguntas en inglés y en español, con
        espacio para escribir debajo de cada una. Úselo:

        - con quienes prefieren escribir en privado o quieren decir algo que no dirían frente
          al grupo;
        - con quienes llegan tarde, se van temprano o vienen solo uno de los dos días;
        - en una mesa que no tenga quien tome notas;
        - después del taller, en lugares donde la gente ya se reúne (la sala de espera de una
          clínica, una lavandería, una congregación a la salida del culto), para que también
          participe quien no pudo venir.

        Junte los formularios en una caja y no de mano en mano. Nadie tiene que escribir su
        nombre. Al ingresarlos, elija el canal "Formulario en papel" y el idioma en que escribió
        la persona, y escriba cada respuesta en su propia línea bajo su pregunta. Si un
        formulario trae un nombre o un teléfono, no lo copie.
        """,
    ),
    section(
        "Typing it in the same day",
        "Ingresarlo todo el mismo día",
        """
        Type in each day's cards on the evening of that day, while the team still remembers what
        the handwriting says and which table said what.

        1. Before the workshop, add each day as a gathering of your planning process on its
           Gatherings page: title, date and time, "Large group", language, interpretation
           offered, expected attendance, and this guide as the guide it follows.
        2. From the process page, open "Type in answers from a gathering or paper forms".
        3. Choose the question, the gathering and the language of the cards. For the channel,
           choose "Small-group gathering" for table work, "Large-group gathering" for work done
           by the whole room, and "Paper form" for forms.
        4. Type one card per line, exactly as written. Fix only slips that change nothing. If a
           card cannot be read, set it aside and ask the table's note-taker instead of guessing.
        5. Save. The page comes back with the same choices, ready for the next envelope. Saving
           twice by mistake does not store the answers twice.
        6. Change the language for each table's envelope; never translate cards before typing
           them in.
        7. Type the internal and external barrier piles as separate batches, and write in the
           gathering's notes what the cards cannot show: dot counts, starred barriers, which
           ideas had the most offers of help.
        8. Enter the actual attendance on the gathering, and review any answers Groundwork held
           because they looked like personal data.
        """,
        """
        Ingrese las tarjetas de cada día esa misma noche, mientras el equipo todavía recuerda
        lo que dice cada letra y qué mesa dijo qué.

        1. Antes del taller, agregue cada día como una reunión del proceso de planificación en
           su página de reuniones: título, fecha y hora, "Grupo grande", idioma, interpretación
           ofrecida, asistencia esperada y esta guía como la guía que sigue.
        2. Desde la página del proceso, abra "Escribir respuestas de una reunión o de
           formularios en papel".
        3. Elija la pregunta, la reunión y el idioma de las tarjetas. Como canal, elija
           "Reunión en grupo pequeño" para el trabajo en las mesas, "Reunión en grupo grande"
           para el trabajo de todo el salón y "Formulario en papel" para los formularios.
        4. Escriba una tarjeta por línea, tal como está escrita. Corrija solo los descuidos que
           no cambian nada. Si no se entiende una tarjeta, apártela y pregunte a quien tomó
           notas en esa mesa en lugar de adivinar.
        5. Guarde. La página vuelve con las mismas opciones, lista para el siguiente sobre. Si
           guarda dos veces por error, las respuestas no se duplican.
        6. Cambie el idioma según el sobre de cada mesa; nunca traduzca las tarjetas antes de
           ingresarlas.
        7. Ingrese por separado las barreras internas y las externas, y anote en las notas de
           la reunión lo que las tarjetas no muestran: los conteos de puntos, las barreras con
           estrella, las ideas que recibieron más ofrecimientos de ayuda.
        8. Anote la asistencia real de la reunión y revise las respuestas que Groundwork retuvo
           porque parecían tener datos personales.
        """,
    ),
    section(
        "Privacy and personal data",
        "Privacidad y datos personales",
        """
        People share hard things in this workshop. Protect them.

        - Ideas, not names. Never write who said something. If a card names a person ("my
          neighbor Rosa..."), leave out the name ("my neighbor...") and tell the speaker why.
        - No phone numbers or addresses, and no details of anyone's health, immigration status
          or legal situation, on cards, charts or photos.
        - Photograph walls and charts, not people, unless everyone in the picture has agreed.
        - The optional "about you" answers are kept apart from ideas and are never shown next
          to what someone wrote.
        - Sign-up sheets with contact details stay with the coordinator, are used only for what
          people signed up for, and are never typed in as answers.
        - If someone says that a person is in danger, follow your organization's safety
          procedure and speak with the lead facilitator privately. Do not put it on a card.
        - Once the answers are typed in and checked, shred the cards or keep them locked away
          for as long as your coalition has agreed.
        """,
        """
        En este taller la gente comparte cosas difíciles. Protéjala.

        - Ideas, no nombres. Nunca escriba quién dijo algo. Si una tarjeta nombra a alguien
          ("mi vecina Rosa..."), quite el nombre ("mi vecina...") y explíquele a quien habló
          por qué.
        - Ni teléfonos ni direcciones, ni detalles sobre la salud, la situación migratoria o la
          situación legal de nadie, en tarjetas, pliegos o fotos.
        - Fotografíe paredes y pliegos, no personas, a menos que todos los que salen en la foto
          estén de acuerdo.
        - Las respuestas opcionales "sobre usted" se guardan aparte de las ideas y nunca se
          muestran junto a lo que alguien escribió.
        - Las hojas de inscripción con datos de contacto se quedan con la coordinación, se usan
          solo para lo que la gente aceptó y nunca se ingresan como respuestas.
        - Si alguien cuenta que una persona está en peligro, siga el procedimiento de seguridad
          de su organización y hable en privado con quien facilita el taller. No lo anote en
          una tarjeta.
        - Cuando las respuestas estén ingresadas y revisadas, triture las tarjetas o guárdelas
          bajo llave durante el tiempo que haya acordado su coalición.
        """,
    ),
    section(
        "Counting who took part",
        "Cómo contar a quienes participaron",
        """
        Counting who came helps the coalition see whose voices are in the plan and whose are
        missing. It should never make anyone feel watched.

        - Count heads, not names: a tally at the door, hour by hour, on each day. Count team
          members and interpreters separately.
        - Enter expected and actual attendance on each day's gathering in Groundwork.
        - Note how many tables worked in each language.
        - Offer the optional "about you" questions (neighborhood, age range, language at home,
          lived experience) apart from the idea cards, on a phone or a separate slip. Groundwork
          shows them only as totals and hides small counts, so nobody can be singled out.
        - Compare who came with who lives in the community, and plan small-group sessions or
          paper-form outreach for the groups that were missing.
        """,
        """
        Contar a quienes vinieron ayuda a la coalición a ver qué voces están en el plan y cuáles
        faltan. Nunca debe hacer que alguien se sienta vigilado.

        - Cuente personas, no nombres: marcas en una hoja en la entrada, hora por hora, cada
          día. Cuente aparte al equipo y a los intérpretes.
        - Anote en Groundwork la asistencia esperada y la real de la reunión de cada día.
        - Anote cuántas mesas trabajaron en cada idioma.
        - Ofrezca las preguntas opcionales "sobre usted" (barrio, rango de edad, idioma que se
          habla en casa, experiencia vivida) aparte de las tarjetas de ideas, en el teléfono o en
          una hoja aparte. Groundwork las muestra solo como totales y oculta los números
          pequeños, para que nadie pueda ser identificado.
        - Compare a quienes vinieron con quienes viven en la comunidad y organice sesiones en
          grupos pequeños o reparta formularios en papel entre los grupos que faltaron.
        """,
    ),
]

DAY_1 = [
    section(
        "Arrival and welcome",
        "Llegada y bienvenida",
        """
        Have the welcome team at the door with name tags (first names only), the day's agenda
        in both languages and something warm to drink.

        - Count people as they come in, hour by hour, so that latecomers are counted too.
        - Ask each person which language they would like to work in and show them to a table
          for that language. Offer interpretation headsets.
        - Offer the optional "about you" questions on a phone or a separate slip, never on an
          idea card, and say that anyone may skip them.
        - Play music, put out food and let people settle. Starting ten minutes late is better
          than starting with half the room.
        """,
        """
        Tenga al equipo de bienvenida en la puerta con etiquetas (solo el nombre de pila), la
        agenda del día en los dos idiomas y algo caliente para tomar.

        - Cuente a las personas a medida que entran, hora por hora, para que también se cuente
          a quienes llegan tarde.
        - Pregunte a cada persona en qué idioma prefiere trabajar y acompáñela a una mesa de ese
          idioma. Ofrezca audífonos de interpretación.
        - Ofrezca las preguntas opcionales "sobre usted" en el teléfono o en una hoja aparte,
          nunca en una tarjeta de ideas, y diga que cualquiera puede omitirlas.
        - Ponga música, sirva la comida y deje que la gente se acomode. Es mejor empezar diez
          minutos tarde que con medio salón vacío.
        """,
        day=1,
        minutes=30,
        group="large",
    ),
    section(
        "Opening: why we are here",
        "Apertura: por qué estamos aquí",
        """
        1. Welcome everyone in both languages. If the place has a history the community wants
           to honor, do so briefly and sincerely. (3 minutes)
        2. Say why the coalition called this workshop and what will happen to people's ideas:
           they are typed into Groundwork the same day, read and grouped into themes, and every
           activity in the plan will show the words it came from. (5 minutes)
        3. Introduce the team, the interpreters and the quiet space, and explain the card
           color for each of the five questions. (5 minutes)
        4. Agree on the ground rules together. (7 minutes)
        5. Introductions at the tables: first name and one thing you love about this place.
           Nothing is written down; this is a warm-up. (10 minutes)
        """,
        """
        1. Dé la bienvenida en los dos idiomas. Si el lugar tiene una historia que la comunidad
           quiere honrar, hágalo de forma breve y sincera. (3 minutos)
        2. Explique por qué la coalición convocó el taller y qué pasará con las ideas de la
           gente: se ingresan en Groundwork ese mismo día, se leen y se agrupan en temas, y cada
           actividad del plan mostrará las palabras de donde salió. (5 minutos)
        3. Presente al equipo, a los intérpretes y el espacio tranquilo, y explique el color de
           tarjeta de cada una de las cinco preguntas. (5 minutos)
        4. Establezcan juntos los acuerdos de convivencia. (7 minutos)
        5. Presentaciones en las mesas: el nombre de pila y algo que le encanta de este lugar.
           No se anota nada; es para entrar en confianza. (10 minutos)
        """,
        day=1,
        minutes=30,
        group="large",
    ),
    section(
        "Problems, in small groups: story circles",
        "Los problemas, en grupos pequeños: círculos de historias",
        """
        Stories let people name problems from their own lives instead of speaking in the
        abstract. In a circle of six to eight, everyone gets the same time and nobody responds
        until everyone has spoken.

        1. The table's facilitator reads the question aloud, "What are the main problems or
           issues facing our community?", and offers a prompt: "Tell us about a time when life
           here was hard for you, your family or your neighbors." (2 minutes)
        2. A minute of quiet to think. People may jot notes for themselves. (1 minute)
        3. Go around the circle. Each person has up to three minutes, and anyone may pass.
           Listeners do not interrupt, advise or debate. After each story the note-taker asks,
           "What problem would you name in that story?", writes it on a problem card in the
           person's words and reads it back. (25 minutes)
        4. Second round: "What did you hear in each other's stories that connects?" Add a card
           for each new problem. (20 minutes)
        5. The table chooses up to three cards it most wants the whole room to hear, without
           throwing any away, and puts all the cards in its envelope with those three on top.
           (12 minutes)

        Some stories will be painful. Thank the person, do not ask for more detail than they
        offer, and let the team's support person know if someone seems shaken.
        """,
        """
        Las historias permiten nombrar los problemas a partir de la propia vida, sin hablar en
        abstracto. En un círculo de seis a ocho personas, todos tienen el mismo tiempo y nadie
        comenta hasta que todos hayan hablado.

        1. Quien facilita la mesa lee la pregunta en voz alta, "¿Cuáles son los principales
           problemas o asuntos que enfrenta nuestra comunidad?", y propone: "Cuéntenos de una
           vez en que la vida aquí fue difícil para usted, su familia o sus vecinos".
           (2 minutos)
        2. Un minuto de silencio para pensar. Cada quien puede apuntar algo para sí.
           (1 minuto)
        3. Se da la vuelta al círculo. Cada persona tiene hasta tres minutos y cualquiera puede
           pasar. Quienes escuchan no interrumpen, no aconsejan ni discuten. Después de cada
           historia, quien toma notas pregunta: "¿Qué problema nombraría en esa historia?", lo
           escribe en una tarjeta de problemas con las palabras de la persona y se lo lee.
           (25 minutos)
        4. Segunda ronda: "¿Qué oyeron en las historias de los demás que se conecta?". Se
           agrega una tarjeta por cada problema nuevo. (20 minutos)
        5. La mesa elige hasta tres tarjetas que más quiere que escuche todo el salón, sin
           descartar ninguna, y guarda todas en su sobre con esas tres encima. (12 minutos)

        Algunas historias dolerán. Agradezca a la persona, no le pida más detalles de los que
        ofrece y avise a la persona de apoyo del equipo si alguien parece afectado.
        """,
        day=1,
        minutes=60,
        group="small",
        question="problems",
    ),
    section(
        "Problems, as a whole room: the problems wall and dot voting",
        "Los problemas, con todo el salón: la pared de problemas y la votación con puntos",
        """
        The whole room sees the problems side by side and shows which ones weigh most. Dots
        show where the energy is; they are not a final decision, and every card still goes
        into Groundwork.

        1. Each table reads its three chosen cards aloud, in its own language with
           interpretation, and sticks them on the problems wall. (15 minutes)
        2. The lead facilitator and a volunteer from the room group cards that say similar
           things, without rewording them. Ask: "Did we put these together right?"
           (8 minutes)
        3. Everyone gets three dots to place on the problems that matter most to them; more
           than one dot on a card is fine. A helper places dots for anyone who asks.
           (10 minutes)
        4. Read out the problems with the most dots, then ask: "What is missing from this
           wall?" Add a card for anything named. (10 minutes)
        5. A note-taker photographs the wall and writes the number of dots on each card.
           (2 minutes)
        """,
        """
        Todo el salón ve los problemas uno al lado del otro y muestra cuáles pesan más. Los
        puntos muestran dónde está la energía; no son una decisión final, y todas las tarjetas
        se ingresan igual en Groundwork.

        1. Cada mesa lee en voz alta sus tres tarjetas elegidas, en su idioma y con
           interpretación, y las pega en la pared de problemas. (15 minutos)
        2. Quien facilita el taller y una persona voluntaria del salón agrupan las tarjetas que
           dicen cosas parecidas, sin cambiarles las palabras. Pregunte: "¿Las agrupamos bien?".
           (8 minutos)
        3. Cada persona recibe tres puntos para pegarlos en los problemas que más le importan;
           se vale poner más de un punto en una tarjeta. Alguien del equipo pega los puntos de
           quien lo pida. (10 minutos)
        4. Lea los problemas con más puntos y pregunte: "¿Qué falta en esta pared?". Agregue una
           tarjeta por cada cosa que se mencione. (10 minutos)
        5. Quien toma notas fotografía la pared y escribe en cada tarjeta cuántos puntos
           recibió. (2 minutos)
        """,
        day=1,
        minutes=45,
        group="large",
        question="problems",
    ),
    section(
        "Barriers, in small groups: inside or outside?",
        "Las barreras, en grupos pequeños: ¿adentro o afuera?",
        """
        Barriers are what stand between the community and a solution. Some are inside the
        community (distrust between groups, nobody free to lead, stigma); some come from
        outside (funding rules, policies, services far away). Sorting them shows which ones
        people can start to move themselves and which will need allies.

        1. Each table picks two or three problems from the wall: the ones with the most dots,
           or ones the table cares about. (5 minutes)
        2. For each problem, ask: "What gets in the way of solving this?" People say barriers
           aloud and the note-taker writes one per card, in the speaker's words. (20 minutes)
        3. Draw a line down a flip chart page: "Inside our community" on one side, "Outside our
           community" on the other. The table places each card where it thinks it belongs;
           cards that are both go on the line. (10 minutes)
        4. Ask: "Which of these could we start to move ourselves?" Star those cards.
           (7 minutes)
        5. Write I (internal), E (external) or B (both) on the back of each card, and keep the
           piles apart in the envelope. (3 minutes)
        """,
        """
        Las barreras son lo que se interpone entre la comunidad y una solución. Algunas están
        dentro de la comunidad (desconfianza entre grupos, nadie con tiempo para encabezar,
        estigma); otras vienen de afuera (reglas de financiamiento, políticas, servicios que
        quedan lejos). Clasificarlas muestra cuáles puede empezar a mover la propia gente y
        cuáles necesitarán aliados.

        1. Cada mesa escoge dos o tres problemas de la pared: los que tienen más puntos o los
           que más le importan a la mesa. (5 minutos)
        2. Para cada problema, pregunte: "¿Qué impide resolver esto?". La gente dice las
           barreras en voz alta y quien toma notas escribe una por tarjeta, con las palabras de
           quien habla. (20 minutos)
        3. Trace una línea en medio de un pliego: "Dentro de nuestra comunidad" de un lado y
           "Fuera de nuestra comunidad" del otro. La mesa coloca cada tarjeta donde cree que va;
           las que son de ambos lados van sobre la línea. (10 minutos)
        4. Pregunte: "¿Cuáles de estas podríamos empezar a mover nosotros mismos?". Marque esas
           tarjetas con una estrella. (7 minutos)
        5. Escriba al reverso de cada tarjeta I (interna), E (externa) o A (ambas) y guarde los
           grupos por separado en el sobre. (3 minutos)
        """,
        day=1,
        minutes=45,
        group="small",
        question="barriers",
    ),
    section(
        "Lunch",
        "Almuerzo",
        """
        Lunch is part of the workshop: people keep talking, and trust grows there. The team
        eats with participants rather than at a table of its own.

        - Serve the food before the line gets long, and let families with children and elders
          go first.
        - In the first 15 minutes, the capture lead collects the morning's envelopes, checks
          that each is labeled, and puts them somewhere safe.
        - Leave the problems wall up with blank cards and markers beside it; people often add
          to it over lunch.
        """,
        """
        El almuerzo es parte del taller: la gente sigue conversando y ahí crece la confianza. El
        equipo come con los participantes y no en una mesa aparte.

        - Sirva la comida antes de que se forme una fila larga y deje pasar primero a las
          familias con niños y a las personas mayores.
        - En los primeros 15 minutos, la persona responsable del registro recoge los sobres de
          la mañana, revisa que estén marcados y los guarda en un lugar seguro.
        - Deje la pared de problemas con tarjetas en blanco y marcadores al lado; mucha gente
          agrega algo durante el almuerzo.
        """,
        day=1,
        minutes=60,
    ),
    section(
        "Barriers, as a whole room: the river and the rocks",
        "Las barreras, con todo el salón: el río y las piedras",
        """
        A standing exercise that works well after lunch. A long strip of paper on the wall
        becomes a river: one bank is where the community is today, the other where it wants
        to be. The barriers are the rocks in the water.

        1. Before lunch, draw the river and write "Where we are" and "Where we want to be" on
           the two banks, in both languages.
        2. Each table brings its starred barrier cards and places them in the river: internal
           barriers near the bank where we are, external ones near the far bank. (10 minutes)
        3. Walk along the river together. Read the cards aloud and ask: "Which rocks are the
           biggest? Which ones pile up on each other?" Move related barriers next to each other.
           (15 minutes)
        4. Ask: "Has anyone here seen one of these rocks move? What moved it?" Write each answer
           on a "What we can do" card and put it on the bank; these are clues for Day 2.
           (8 minutes)
        5. Photograph the river. (2 minutes)
        """,
        """
        Un ejercicio de pie que funciona bien después del almuerzo. Una tira larga de papel en
        la pared se convierte en un río: una orilla es donde está hoy la comunidad y la otra,
        donde quiere llegar. Las barreras son las piedras en el agua.

        1. Antes del almuerzo, dibuje el río y escriba "Donde estamos" y "Adonde queremos
           llegar" en las dos orillas, en los dos idiomas.
        2. Cada mesa trae sus tarjetas de barreras con estrella y las coloca en el río: las
           internas cerca de la orilla donde estamos y las externas cerca de la otra orilla.
           (10 minutos)
        3. Recorran juntos el río. Lea las tarjetas en voz alta y pregunte: "¿Cuáles son las
           piedras más grandes? ¿Cuáles se amontonan unas sobre otras?". Junte las barreras
           relacionadas. (15 minutos)
        4. Pregunte: "¿Alguien ha visto moverse alguna de estas piedras? ¿Qué la movió?".
           Escriba cada respuesta en una tarjeta de "Lo que podemos hacer" y péguela en la
           orilla; son pistas para el segundo día. (8 minutos)
        5. Fotografíe el río. (2 minutos)
        """,
        day=1,
        minutes=35,
        group="large",
        question="barriers",
    ),
    section(
        "Strengths, in small groups: mapping our assets",
        "Las fortalezas, en grupos pequeños: el mapa de nuestros recursos",
        """
        Every community has more going for it than a list of problems suggests. In this
        exercise each table puts what is strong here on a map, in six kinds:

        - People: the skills, knowledge and gifts of residents, such as elders who teach
          sewing or teenagers who can make a video.
        - Associations: groups people run themselves, like clubs, congregations, sports
          leagues and mutual aid networks.
        - Institutions: schools, clinics, libraries, the parks department, employers.
        - Places: land, buildings, gardens, meeting spots, the river.
        - Economy: local businesses, markets, informal trades, what people make and sell.
        - Culture: traditions, languages, stories, food, music and ways of caring for each
          other.

        1. Give each table a large map of the community, or a sheet to sketch one on, and a
           stack of strength cards. (3 minutes)
        2. First round: each person names one strength they have or use themselves, and the
           note-taker writes it down. (12 minutes)
        3. Second round: the table adds strengths of each kind and places the cards on the map
           where they are. Ask: "Who do people turn to when things are hard?" (30 minutes)
        4. Look at the map together: "Where are strengths missing? Which ones are hidden and
           deserve to be better known?" Add cards. (10 minutes)
        5. Check that cards describe gifts without pointing to a person: "retired nurses who
           check on neighbors", not the name or street of one nurse. Put the cards in the
           envelope and leave the map on the table. (5 minutes)
        """,
        """
        Toda comunidad tiene mucho más a su favor de lo que sugiere una lista de problemas. En
        este ejercicio cada mesa pone en un mapa lo que hay de fuerte aquí, en seis clases:

        - Personas: las habilidades, los conocimientos y los dones de los residentes, como las
          abuelas que enseñan a coser o los jóvenes que saben hacer un video.
        - Asociaciones: grupos que la misma gente organiza, como clubes, congregaciones, ligas
          deportivas y redes de ayuda mutua.
        - Instituciones: escuelas, clínicas, bibliotecas, el departamento de parques,
          empleadores.
        - Lugares: terrenos, edificios, huertos, puntos de encuentro, el río.
        - Economía: negocios locales, mercados, oficios informales, lo que la gente produce y
          vende.
        - Cultura: tradiciones, idiomas, historias, comida, música y formas de cuidarnos unos a
          otros.

        1. Entregue a cada mesa un mapa grande de la comunidad, o un pliego para dibujarlo, y un
           montón de tarjetas de fortalezas. (3 minutos)
        2. Primera ronda: cada persona nombra una fortaleza que tiene o que usa, y quien toma
           notas la anota. (12 minutos)
        3. Segunda ronda: la mesa agrega fortalezas de cada clase y pega las tarjetas en el
           lugar del mapa donde están. Pregunte: "¿A quién acude la gente cuando las cosas se
           ponen difíciles?". (30 minutos)
        4. Miren el mapa juntos: "¿Dónde faltan fortalezas? ¿Cuáles están escondidas y merecen
           conocerse más?". Agreguen tarjetas. (10 minutos)
        5. Revise que las tarjetas describan dones sin señalar a una persona: "enfermeras
           jubiladas que visitan a los vecinos", no el nombre ni la calle de una enfermera.
           Guarde las tarjetas en el sobre y deje el mapa en la mesa. (5 minutos)
        """,
        day=1,
        minutes=60,
        group="small",
        question="strengths",
    ),
    section(
        "Strengths, as a whole room: the gallery walk",
        "Las fortalezas, con todo el salón: el recorrido por la galería",
        """
        1. Tables hang their maps on the wall like paintings in a gallery. (3 minutes)
        2. Everyone walks the gallery with a few blank strength cards and adds strengths they
           see missing from other tables' maps. Interpreters walk with their language groups.
           (15 minutes)
        3. Back in one circle, ask: "What surprised you? Which strength could we build on
           tomorrow?" Note-takers write any new strengths on cards. (15 minutes)
        4. Put the added cards in the envelope of the map they were added to. (2 minutes)
        """,
        """
        1. Las mesas cuelgan sus mapas en la pared como cuadros en una galería. (3 minutos)
        2. Todos recorren la galería con algunas tarjetas de fortalezas en blanco y agregan las
           que ven que faltan en los mapas de otras mesas. Los intérpretes caminan con su grupo
           de idioma. (15 minutos)
        3. De nuevo en un solo círculo, pregunte: "¿Qué les sorprendió? ¿Sobre qué fortaleza
           podríamos construir mañana?". Quienes toman notas escriben las fortalezas nuevas en
           tarjetas. (15 minutos)
        4. Guarde las tarjetas agregadas en el sobre del mapa donde se pusieron. (2 minutos)
        """,
        day=1,
        minutes=35,
        group="large",
        question="strengths",
    ),
    section(
        "Closing circle for Day 1",
        "Círculo de cierre del primer día",
        """
        1. Read aloud a few problems, barriers and strengths from the walls, in participants'
           own words and in both languages, so the room hears itself. (5 minutes)
        2. Go around quickly, or popcorn style in a large room: one word for how you are
           leaving today. (10 minutes)
        3. Say what happens tonight (the team types everything in) and tomorrow (what we can do
           and who can help). Remind people about childcare and rides for Day 2, and give the
           paper form to anyone who cannot come back, so they can still answer the last two
           questions. (5 minutes)
        """,
        """
        1. Lea en voz alta algunos problemas, barreras y fortalezas de las paredes, con las
           palabras de los participantes y en los dos idiomas, para que el salón se escuche a
           sí mismo. (5 minutos)
        2. Una ronda rápida, o al azar si el salón es grande: una palabra sobre cómo se va hoy
           cada quien. (10 minutos)
        3. Cuente qué pasará esta noche (el equipo ingresa todo) y mañana (lo que podemos hacer
           y quién nos puede ayudar). Recuerde el cuidado de niños y el transporte del segundo
           día, y entregue el formulario en papel a quien no pueda volver, para que responda
           las dos últimas preguntas. (5 minutos)
        """,
        day=1,
        minutes=20,
        group="large",
    ),
    section(
        "After Day 1: team debrief and typing in",
        "Después del primer día: repaso del equipo e ingreso de respuestas",
        """
        When the room empties, the team meets briefly; then the capture lead and the
        note-takers type in the day's cards.

        1. Debrief: what worked, what did not, who did not get a chance to speak, and who might
           welcome a call from a trusted team member. (15 minutes)
        2. Sort the envelopes by question, table and language.
        3. Type in each envelope as one batch (see "Typing it in the same day"). With three or
           four people typing, a day's cards take about 45 minutes.
        4. Enter the day's attendance on the gathering.
        5. Store the cards and photos safely until the answers have been checked.
        """,
        """
        Cuando el salón se vacía, el equipo se reúne un rato; luego la persona responsable del
        registro y quienes tomaron notas ingresan las tarjetas del día.

        1. Repaso: qué funcionó, qué no, quién no tuvo oportunidad de hablar y a quién le
           vendría bien una llamada de alguien del equipo de su confianza. (15 minutos)
        2. Ordene los sobres por pregunta, mesa e idioma.
        3. Ingrese cada sobre como un solo lote (vea "Ingresarlo todo el mismo día"). Con tres o
           cuatro personas escribiendo, las tarjetas de un día toman unos 45 minutos.
        4. Anote en la reunión la asistencia del día.
        5. Guarde las tarjetas y las fotos en un lugar seguro hasta que se revisen las
           respuestas.
        """,
        day=1,
        minutes=60,
    ),
]

DAY_2 = [
    section(
        "Welcome back: what we heard",
        "Bienvenida: lo que escuchamos",
        """
        1. Welcome everyone, including people who are new today; count attendance again at the
           door. Newcomers join a table with people who were here on Day 1. (5 minutes)
        2. Read back what we heard on Day 1: the problems with the most dots, the biggest rocks
           in the river and the strengths that surprised people, in participants' own words
           and in both languages. (10 minutes)
        3. Ask: "Did we hear you right? What is missing?" Add cards. (10 minutes)
        4. Walk through the day: from strengths to actions, then to allies, and first steps
           before we leave. (5 minutes)
        """,
        """
        1. Dé la bienvenida a todos, incluidas las personas que llegan por primera vez; vuelva
           a contar la asistencia en la puerta. Quienes son nuevos se sientan en una mesa con
           gente que vino el primer día. (5 minutos)
        2. Lea lo que escuchamos el primer día: los problemas con más puntos, las piedras más
           grandes del río y las fortalezas que sorprendieron, con las palabras de los
           participantes y en los dos idiomas. (10 minutos)
        3. Pregunte: "¿Los escuchamos bien? ¿Qué falta?". Agreguen tarjetas. (10 minutos)
        4. Presente el día: de las fortalezas a las acciones, luego a los aliados, y los
           primeros pasos antes de irnos. (5 minutos)
        """,
        day=2,
        minutes=30,
        group="large",
    ),
    section(
        "What we can do, in small groups: building on strengths",
        "Lo que podemos hacer, en grupos pequeños: construir sobre las fortalezas",
        """
        Good ideas for action often come from pairing something the community already has with
        a problem it cares about. This exercise makes those pairings on purpose.

        1. Each table takes four or five problem or barrier cards and four or five strength
           cards from the walls. Copy them onto fresh cards so the originals stay up.
           (5 minutes)
        2. Lay the problems in a row and the strengths in a column. For each pair that sparks
           something, complete the sentence: "Because we have ___, we could ___, so that ___."
           Write each idea on a "What we can do" card in the words of the person who said it.
           Ideas can be small and close to home (neighbors walking children to school
           together) or bigger (a food cooperative). (30 minutes)
        3. Read the ideas aloud and ask of each one: "Could people here start this themselves?
           What would the first step be?" Add the first step to the card. (20 minutes)
        4. Each person puts a check mark on the ideas they would help with: a mark, not a
           name. (10 minutes)
        5. The table chooses two ideas for the idea market and writes each on a half sheet,
           with the strength it builds on and the problem it addresses. All the other cards go
           in the envelope. (10 minutes)
        """,
        """
        Las buenas ideas de acción muchas veces nacen de juntar algo que la comunidad ya tiene
        con un problema que le importa. Este ejercicio hace esas parejas a propósito.

        1. Cada mesa toma de las paredes cuatro o cinco tarjetas de problemas o barreras y
           cuatro o cinco de fortalezas. Cópielas en tarjetas nuevas para que las originales se
           queden en la pared. (5 minutos)
        2. Ponga los problemas en una fila y las fortalezas en una columna. Para cada pareja que
           despierte algo, completen la frase: "Como tenemos ___, podríamos ___, para que ___".
           Escriba cada idea en una tarjeta de "Lo que podemos hacer" con las palabras de quien
           la dijo. Las ideas pueden ser pequeñas y cercanas (vecinos que acompañan juntos a
           los niños a la escuela) o más grandes (una cooperativa de alimentos). (30 minutos)
        3. Lean las ideas en voz alta y pregunten sobre cada una: "¿Podría empezarla la gente de
           aquí? ¿Cuál sería el primer paso?". Agreguen el primer paso a la tarjeta.
           (20 minutos)
        4. Cada persona marca con una palomita las ideas en las que ayudaría: una marca, no un
           nombre. (10 minutos)
        5. La mesa elige dos ideas para la feria de ideas y escribe cada una en media hoja, con
           la fortaleza sobre la que se construye y el problema que atiende. Las demás tarjetas
           van al sobre. (10 minutos)
        """,
        day=2,
        minutes=75,
        group="small",
        question="actions",
    ),
    section(
        "What we can do, as a whole room: the idea market",
        "Lo que podemos hacer, con todo el salón: la feria de ideas",
        """
        1. Each table posts its two ideas. One person stays to explain them while the others
           visit the other tables' ideas; swap halfway. Visitors put a dot on ideas they like,
           leave "I could help with..." notes describing a skill or resource (never a phone
           number), and write questions on blank cards. (25 minutes)
        2. Back together, read out the ideas with the most dots and the most offers of help,
           and ask the room which ideas belong together. (15 minutes)
        3. Note-takers write the number of dots on each idea and collect every card and note,
           questions included. (5 minutes)
        """,
        """
        1. Cada mesa pega sus dos ideas. Una persona se queda para explicarlas mientras las
           demás visitan las ideas de otras mesas; a la mitad se turnan. Quienes visitan ponen
           un punto en las ideas que les gustan, dejan notas de "Yo podría ayudar con..." que
           describen una habilidad o un recurso (nunca un teléfono) y escriben sus preguntas en
           tarjetas en blanco. (25 minutos)
        2. De nuevo en grupo, lea las ideas con más puntos y más ofrecimientos de ayuda, y
           pregunte al salón qué ideas van juntas. (15 minutos)
        3. Quienes toman notas anotan cuántos puntos recibió cada idea y recogen todas las
           tarjetas y notas, incluidas las preguntas. (5 minutos)
        """,
        day=2,
        minutes=45,
        group="large",
        question="actions",
    ),
    section(
        "Allies, in small groups: the ally map",
        "Los aliados, en grupos pequeños: el mapa de aliados",
        """
        Allies are organizations or people outside the community, or outside the groups at the
        table, with resources, skills or influence that the ideas need.

        1. Draw three circles, one inside the other, on a flip chart page: in the center
           "Already with us", in the middle ring "Could be with us", on the outside "Decides
           things that affect us". (3 minutes)
        2. Take the table's ideas from the idea market. For each, ask: "Who could help make
           this happen, and with what?" Write one ally per card, with what they could offer:
           money, space, skills, a decision, a connection. (25 minutes)
        3. Place each card in its circle and draw lines from allies to the ideas they could
           help. (10 minutes)
        4. Ask: "Do any of us have a way in to this ally?" Note the kind of connection ("a
           parent sits on the school board", "our congregation rents their hall") without
           naming anyone. (5 minutes)
        5. Put the cards in the envelope and keep the chart for the afternoon. (2 minutes)
        """,
        """
        Los aliados son organizaciones o personas de fuera de la comunidad, o de fuera de los
        grupos que están en la mesa, con recursos, habilidades o influencia que las ideas
        necesitan.

        1. Dibuje en un pliego tres círculos, uno dentro del otro: en el centro "Ya están con
           nosotros", en el anillo del medio "Podrían estar con nosotros" y afuera "Deciden
           cosas que nos afectan". (3 minutos)
        2. Tome las ideas de la mesa que pasaron por la feria. Para cada una, pregunte: "¿Quién
           podría ayudar a que esto suceda, y con qué?". Escriba un aliado por tarjeta, con lo
           que podría ofrecer: dinero, espacio, habilidades, una decisión, un contacto.
           (25 minutos)
        3. Coloque cada tarjeta en su círculo y trace líneas de los aliados a las ideas en las
           que podrían ayudar. (10 minutos)
        4. Pregunte: "¿Alguno de nosotros tiene una puerta de entrada con este aliado?". Anote
           el tipo de conexión ("una madre forma parte de la junta escolar", "nuestra
           congregación les renta el salón") sin nombrar a nadie. (5 minutos)
        5. Guarde las tarjetas en el sobre y conserve el pliego para la tarde. (2 minutos)
        """,
        day=2,
        minutes=45,
        group="small",
        question="allies",
    ),
    section(
        "Lunch",
        "Almuerzo",
        """
        - Eat together, as on Day 1. Serve families with children and elders first.
        - The capture lead collects the morning's envelopes and the ally maps' cards.
        - Put the ideas with the most support at the center of a clear wall, ready for the web
          of allies.
        """,
        """
        - Coman juntos, como el primer día. Sirva primero a las familias con niños y a las
          personas mayores.
        - La persona responsable del registro recoge los sobres de la mañana y las tarjetas de
          los mapas de aliados.
        - Ponga las ideas con más apoyo en el centro de una pared despejada, listas para la red
          de aliados.
        """,
        day=2,
        minutes=60,
    ),
    section(
        "Allies, as a whole room: the web of allies",
        "Los aliados, con todo el salón: la red de aliados",
        """
        1. Hang the ally maps around the ideas with the most support. (5 minutes)
        2. Each table names its key allies for one idea. A volunteer runs yarn, or draws a line,
           from the idea to the ally's card. Allies named by several tables soon stand out as
           the busiest points of the web. (20 minutes)
        3. Ask: "Which ally could we reach this month, and what would we ask for?" Write the
           request on the ally's card. (10 minutes)
        4. Photograph the web and collect all the cards. (5 minutes)
        """,
        """
        1. Cuelgue los mapas de aliados alrededor de las ideas con más apoyo. (5 minutos)
        2. Cada mesa nombra a sus aliados clave para una idea. Una persona voluntaria tiende un
           hilo, o traza una línea, desde la idea hasta la tarjeta del aliado. Los aliados que
           nombran varias mesas pronto resaltan como los puntos más concurridos de la red.
           (20 minutos)
        3. Pregunte: "¿A qué aliado podríamos buscar este mes y qué le pediríamos?". Escriba el
           pedido en la tarjeta del aliado. (10 minutos)
        4. Fotografíe la red y recoja todas las tarjetas. (5 minutos)
        """,
        day=2,
        minutes=40,
        group="large",
        question="allies",
    ),
    section(
        "First steps",
        "Los primeros pasos",
        """
        The workshop ends with a few concrete next steps, not a finished plan. The plan is
        drafted later from all the input, including from people who could not come.

        1. Put the three to five ideas with the most support and the clearest allies on the
           front wall. (5 minutes)
        2. People who want to help with an idea gather around it. Each huddle writes on a
           chart: the first step, who will take it (by role, not by name) and by when.
           Note-takers copy each first step onto a "What we can do" card. (25 minutes)
        3. Each huddle reports back in one minute. (10 minutes)
        4. Pass around a separate sign-up sheet for people who want to hear about an idea. It
           holds names and contact details, so it is never typed in as an answer; the
           coordinator keeps it. (10 minutes)
        """,
        """
        El taller termina con algunos pasos concretos, no con un plan terminado. El plan se
        redacta después a partir de todos los aportes, incluidos los de quienes no pudieron
        venir.

        1. Ponga al frente las tres a cinco ideas con más apoyo y con los aliados más claros.
           (5 minutos)
        2. Quienes quieren ayudar con una idea se reúnen a su alrededor. Cada grupo escribe en
           un pliego el primer paso, quién lo dará (por su función, no por su nombre) y para
           cuándo. Quienes toman notas copian cada primer paso en una tarjeta de "Lo que
           podemos hacer". (25 minutos)
        3. Cada grupo cuenta lo suyo en un minuto. (10 minutos)
        4. Haga circular una hoja de inscripción aparte para quienes quieran recibir noticias
           de una idea. Tiene nombres y datos de contacto, así que nunca se ingresa como
           respuesta; la guarda la coordinación. (10 minutos)
        """,
        day=2,
        minutes=50,
        group="large",
    ),
    section(
        "Closing and evaluation",
        "Cierre y evaluación",
        """
        1. Say clearly what happens next: when the input will be shared back (aim for within a
           month), where to see it online and on paper, and how to keep adding ideas online or
           on the paper form. (7 minutes)
        2. Thank everyone, including the interpreters, the childcare team and the kitchen.
           (3 minutes)
        3. A short, anonymous evaluation on a half sheet in both languages: "What worked for
           you?" and "What should we change next time?" It is about the workshop, not input to
           the plan. (10 minutes)
        4. Closing circle: one word, or one hope for the community. (10 minutes)
        """,
        """
        1. Diga con claridad qué sigue: cuándo se compartirán los aportes (procure que sea en
           menos de un mes), dónde verlos en línea y en papel, y cómo seguir aportando ideas en
           línea o con el formulario en papel. (7 minutos)
        2. Agradezca a todos, incluidos los intérpretes, el equipo del cuidado de niños y la
           cocina. (3 minutos)
        3. Una evaluación breve y anónima en media hoja, en los dos idiomas: "¿Qué le
           funcionó?" y "¿Qué deberíamos cambiar la próxima vez?". Es sobre el taller, no un
           aporte al plan. (10 minutos)
        4. Círculo de cierre: una palabra o un deseo para la comunidad. (10 minutos)
        """,
        day=2,
        minutes=30,
        group="large",
    ),
    section(
        "After Day 2: debrief, typing in and thanks",
        "Después del segundo día: repaso, ingreso y agradecimientos",
        """
        1. Debrief as on Day 1, and read the evaluations together. (15 minutes)
        2. Type in the day's cards, including the first steps from the huddles. (about 45
           minutes)
        3. Enter the day's attendance on the gathering and add to its notes the dot counts,
           the offers of help and the requests to allies.
        4. Give the sign-up sheet to the coordinator; it is not typed in.
        5. Within a week, thank participants and remind them how to keep adding ideas.
        """,
        """
        1. Hagan el repaso como el primer día y lean juntos las evaluaciones. (15 minutos)
        2. Ingrese las tarjetas del día, incluidos los primeros pasos de cada grupo. (unos 45
           minutos)
        3. Anote en la reunión la asistencia del día y agregue a sus notas los conteos de
           puntos, los ofrecimientos de ayuda y los pedidos a los aliados.
        4. Entregue la hoja de inscripción a la coordinación; no se ingresa.
        5. En el plazo de una semana, agradezca a los participantes y recuérdeles cómo seguir
           aportando ideas.
        """,
        day=2,
        minutes=60,
    ),
]

AFTERWARDS = [
    section(
        "After the workshop: reporting back",
        "Después del taller: devolver lo que se escuchó",
        """
        People who gave two days of their time should see what came of it.

        - Within a week: thank participants, share photos of the walls and remind them how to
          keep adding ideas online or on paper.
        - Within a month: share what was heard, grouped into themes with people's own words
          under each, in both languages, online and on paper in the places people gather.
        - Hold shorter sessions for the groups who were missing (eight to twelve people in a
          home, a congregation or a school), using the small-group exercises in this guide.
        - Invite participants into the next phases: choosing shared goals, drafting the plan
          and endorsing it.
        """,
        """
        Quienes dedicaron dos días de su tiempo merecen ver qué resultó de ello.

        - En una semana: agradezca a los participantes, comparta fotos de las paredes y
          recuérdeles cómo seguir aportando ideas en línea o en papel.
        - En un mes: comparta lo que se escuchó, agrupado en temas con las palabras de la gente
          debajo de cada uno, en los dos idiomas, en línea y en papel en los lugares donde la
          gente se reúne.
        - Organice sesiones más cortas con los grupos que faltaron (de ocho a doce personas en
          una casa, una congregación o una escuela), con los ejercicios en grupos pequeños de
          esta guía.
        - Invite a los participantes a las siguientes fases: elegir metas comunes, redactar el
          plan y respaldarlo.
        """,
    ),
    section(
        "Adapting this guide",
        "Cómo adaptar esta guía",
        """
        This guide is a starting point. Copy it into your community in Groundwork and change
        anything: timings, exercises, wording.

        - One day instead of two: keep the story circles, the inside-or-outside sort, asset
          mapping, building on strengths and the ally map; of the large-group exercises keep
          only dot voting, and shorten the meals.
        - Evening sessions: one question per evening over five weeks, each with one
          small-group exercise and a short report back to the whole room.
        - Online: breakout rooms for small groups, a shared board for cards, and a note-taker
          in each room who types the answers straight in; keep interpretation channels and a
          phone dial-in.
        - Young people: shorter rounds, more movement, and drawings as well as words; when
          typing in, describe a drawing in the young person's own words.
        - After a disaster or a painful event: start with strengths, keep story circles
          voluntary, and have support people in the room.
        """,
        """
        Esta guía es un punto de partida. Cópiela a su comunidad en Groundwork y cambie lo que
        quiera: los tiempos, los ejercicios, las palabras.

        - Un día en lugar de dos: conserve los círculos de historias, la clasificación de
          adentro o afuera, el mapa de recursos, la construcción sobre las fortalezas y el mapa
          de aliados; de los ejercicios en grupo grande conserve solo la votación con puntos y
          acorte las comidas.
        - Sesiones por la tarde o la noche: una pregunta por sesión durante cinco semanas, cada
          una con un ejercicio en grupos pequeños y una breve puesta en común.
        - En línea: salas pequeñas para los grupos, un tablero compartido para las tarjetas y,
          en cada sala, alguien que ingresa las respuestas directamente; mantenga los canales
          de interpretación y una línea telefónica para quien no tenga internet.
        - Jóvenes: rondas más cortas, más movimiento, y dibujos además de palabras; al
          ingresarlos, describa cada dibujo con las palabras de quien lo hizo.
        - Después de un desastre o de un suceso doloroso: empiece por las fortalezas, haga que
          los círculos de historias sean voluntarios y tenga personas de apoyo en el salón.
        """,
    ),
]

GUIDE = ShippedGuide(
    slug=SLUG,
    title_en="Building Community Resilience: a two-day workshop",
    title_es="Construir la resiliencia comunitaria: un taller de dos días",
    summary_en=(
        "A facilitation guide for a two-day community workshop around the five questions of a "
        "planning process: the problems we face, the barriers in the way, the strengths we can "
        "draw on, what we can do, and the allies who can help. It includes the agenda, a "
        "large-group and a small-group exercise for each question, and how to capture what "
        "people say in their own words."
    ),
    summary_es=(
        "Una guía para facilitar un taller comunitario de dos días en torno a las cinco "
        "preguntas de un proceso de planificación: los problemas que enfrentamos, las barreras "
        "que se interponen, las fortalezas con las que contamos, lo que podemos hacer y los "
        "aliados que nos pueden ayudar. Incluye la agenda, un ejercicio en grupo grande y otro "
        "en grupos pequeños para cada pregunta, y cómo registrar lo que la gente dice con sus "
        "propias palabras."
    ),
    sections=(*PREPARING, *CAPTURING, *DAY_1, *DAY_2, *AFTERWARDS),
)
